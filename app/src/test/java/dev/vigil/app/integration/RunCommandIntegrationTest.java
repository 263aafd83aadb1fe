package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
        Process vigil = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.vigil.app.Main", "run", "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
        } finally {
            vigil.destroyForcibly();
        }
    }
}
