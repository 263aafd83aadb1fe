package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.testkit.KubernetesServiceLinks;
import dev.vigil.testkit.TestJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil run --config FILE} as a real process: it becomes ready, and SIGTERM shuts Kafka
 * Streams down cleanly (the state reaches NOT_RUNNING) before the process exits.
 */
class RunCommandIntegrationTest extends BrokerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsUntilSigtermThenShutsDownCleanly() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 1);
        Path config = Files.writeString(tempDir.resolve("vigil.yaml"), String.join("\n",
                "kafka:",
                "  bootstrap_servers: \"" + broker.bootstrapServers() + "\"",
                "  application_id: " + topics.applicationId(),
                "  properties:",
                "    state.dir: \"" + tempDir.resolve("state") + "\"",
                "topics:",
                "  input: " + topics.input(),
                "  dlq: " + topics.dlq(),
                "  alerts: " + topics.alerts(),
                "observability:",
                "  metrics:",
                "    prometheus_port: 0",
                "  logging:",
                "    format: json",
                ""));
        Path log = tempDir.resolve("vigil.log");
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(TestJvm.args());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vigil.app.Main", "run", "--config",
                config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // As in a pod next to a Service named vigil, with one misspelled override: start-up goes on, one WARN.
        builder.environment().keySet().removeIf(name -> name.startsWith("VIGIL_"));
        builder.environment().putAll(KubernetesServiceLinks.of("vigil", "10.96.12.34",
                List.of(new KubernetesServiceLinks.Port("http", 9090, "TCP"))));
        builder.environment().put("VIGIL_AGGREGATES_GRASE", "10m");
        Process vigil = builder.start();
        try {
            int port = awaitHttpPort(log);
            awaitReady(port);

            vigil.destroy(); // SIGTERM
            assertThat(vigil.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
            assertThat(Files.readString(log)).contains("PENDING_SHUTDOWN -> NOT_RUNNING");
            // observability.logging applies from start-up on: Vigil's lines are JSON objects.
            JsonNode stopped = JSON.readTree(Files.readAllLines(log).stream()
                    .filter(l -> l.contains("PENDING_SHUTDOWN -> NOT_RUNNING")).findFirst().orElseThrow());
            assertThat(stopped.get("level").asText()).isEqualTo("INFO");
            assertThat(stopped.get("logger").asText()).isEqualTo("dev.vigil.app.VigilApp");
            assertThat(stopped.has("timestamp")).isTrue();
            List<JsonNode> warnings = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(log)) {
                if (line.contains("VIGIL_")) {
                    warnings.add(JSON.readTree(line));
                }
            }
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).get("level").asText()).isEqualTo("WARN");
            assertThat(warnings.get(0).get("message").asText()).isEqualTo("Ignored VIGIL_ variables that name no "
                    + "configuration key: VIGIL_AGGREGATES_GRASE (did you mean VIGIL_AGGREGATES_GRACE?)");
        } finally {
            vigil.destroyForcibly();
        }
    }
}
