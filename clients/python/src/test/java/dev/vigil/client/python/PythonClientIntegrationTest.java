package dev.vigil.client.python;

import static org.awaitility.Awaitility.await;

import dev.vigil.app.VigilApp;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python package against the real thing: a KRaft broker and Vigil, then the package's broker test
 * ({@code tests/test_against_vigil.py}), which publishes every event type in both content modes and
 * checks Vigil's {@code /metrics} against what it sent. Needs the system's Python with
 * python3-confluent-kafka and python3-pytest ({@link Pytest}).
 */
class PythonClientIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tempDir;

    @Test
    void everyEventTypePublishedFromPythonIsCountedByVigil() throws Exception {
        Pytest.interpreter();  // skip (or fail) before starting anything
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("agent-events", 2, Map.of("retention.ms", "-1"));
            broker.createTopic("agent-events-dlq", 2, Map.of("retention.ms", "-1"));
            VigilConfig config = ConfigLoader.load(null, Map.of(
                    "VIGIL_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                    "VIGIL_KAFKA_APPLICATION_ID", "vigil-python-it",
                    "VIGIL_TOPICS_INPUT", "agent-events",
                    "VIGIL_TOPICS_DLQ", "agent-events-dlq",
                    "VIGIL_TOPICS_ALERTS", "agent-alerts",
                    "VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", "0",
                    "VIGIL_KAFKA_PROPERTIES_STATE_DIR", tempDir.resolve("state").toString()));
            try (VigilApp app = VigilApp.start(config)) {
                String base = "http://127.0.0.1:" + app.httpPort();
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                await("/readyz").atMost(TIMEOUT).until(() -> http.send(
                        HttpRequest.newBuilder(URI.create(base + "/readyz")).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

                Pytest.Run run = Pytest.run(List.of("tests/test_against_vigil.py", "-q", "-rs"), Map.of(
                        "VIGIL_BOOTSTRAP", broker.bootstrapServers(),
                        "VIGIL_TOPIC", "agent-events",
                        "VIGIL_METRICS_URL", base + "/metrics",
                        "VIGIL_METRICS_DEADLINE_SECONDS", Long.toString(TIMEOUT.toSeconds())),
                        Duration.ofMinutes(4), "broker");
                Pytest.assertPassed(run, true);
            }
        }
    }
}
