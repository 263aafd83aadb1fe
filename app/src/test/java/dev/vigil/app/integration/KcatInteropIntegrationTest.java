package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.VigilApp;
import dev.vigil.testkit.RequiredTool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A non-Java client interoperates: kcat (librdkafka) publishes in both CloudEvents content modes,
 * exactly as the README shows, and reads the dead letters back with their error headers.
 * Needs {@code kcat} on the PATH ({@code apt-get install kcat}; {@code .ci/run} installs it); skipped without
 * it, or failed where tools are required ({@link RequiredTool}).
 */
class KcatInteropIntegrationTest extends BrokerIntegrationTest {
    private static final String TASK = "agent.task.status_changed";

    @Test
    void kcatPublishesBothContentModesAndReadsDeadLetters() throws Exception {
        RequiredTool.KCAT.path();
        TestTopics topics = TestTopics.unique();
        createInput(topics, 2);
        String bootstrap = broker.bootstrapServers();

        kcat("{\"task_id\":\"t-1\",\"status\":\"submitted\"}",
                "-P", "-b", bootstrap, "-t", topics.input(), "-k", "t-1",
                "-H", "ce_specversion=1.0", "-H", "ce_id=evt-1", "-H", "ce_source=orchestrator",
                "-H", "ce_type=" + TASK, "-H", "ce_time=2026-01-15T10:00:00Z", "-H", "content-type=application/json");
        kcat("{\"specversion\":\"1.0\",\"id\":\"evt-2\",\"source\":\"orchestrator\",\"type\":\"" + TASK
                        + "\",\"time\":\"2026-01-15T10:00:05Z\",\"datacontenttype\":\"application/json\","
                        + "\"data\":{\"task_id\":\"t-1\",\"status\":\"running\"}}",
                "-P", "-b", bootstrap, "-t", topics.input(), "-k", "t-1",
                "-H", "content-type=application/cloudevents+json");
        // The same binary event again: a duplicate, counted once.
        kcat("{\"task_id\":\"t-1\",\"status\":\"submitted\"}",
                "-P", "-b", bootstrap, "-t", topics.input(), "-k", "t-1",
                "-H", "ce_specversion=1.0", "-H", "ce_id=evt-1", "-H", "ce_source=orchestrator",
                "-H", "ce_type=" + TASK, "-H", "ce_time=2026-01-15T10:00:00Z", "-H", "content-type=application/json");
        kcat("hello, not an event", "-P", "-b", bootstrap, "-t", topics.input(), "-k", "x", "-H", "origin=kcat");

        try (VigilApp app = VigilApp.start(config(topics, Map.of()))) {
            int port = app.httpPort();
            awaitReady(port);
            Map<String, Long> expected = Map.of(TASK + "|accepted", 2L, TASK + "|duplicate", 1L, "unknown|invalid", 1L);
            await("kcat's events counted").atMost(TIMEOUT).until(() ->
                    PrometheusText.series(metrics(port), "vigil_events_total", "type", "outcome").equals(expected));
            assertThat(PrometheusText.series(metrics(port), "vigil_dlq_total", "reason"))
                    .isEqualTo(Map.of("not_cloudevent", 1L));
        }

        String deadLetters = kcat(null, "-C", "-b", bootstrap, "-t", topics.dlq(), "-o", "beginning", "-e",
                "-q", "-X", "isolation.level=read_committed", "-f", "%k|%s|%h\\n");
        assertThat(deadLetters).contains("x|hello, not an event|origin=kcat,vigil.error.reason=not_cloudevent,")
                .contains("vigil.error.topic=" + topics.input());
    }

    private static String kcat(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(RequiredTool.KCAT.path().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write((stdin + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("kcat exit code; output: %s", output).isZero();
        return output;
    }
}
