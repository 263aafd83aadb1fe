package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.VigilApp;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The spine on a real broker: the simulator publishes a realistic mix (every content mode, exact
 * duplicates, bad records of every reason), and Vigil's {@code /metrics} and dead-letter topic
 * must match the simulator's ground truth exactly.
 */
class IngestIntegrationTest extends BrokerIntegrationTest {
    private static final int EVENTS = 20_000;

    @Test
    void selfMetricsAndDeadLettersEqualTheSimulatorsTruth() {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 3);
        GroundTruth truth;
        try (Simulator simulator = new Simulator()) {
            truth = simulator.run(SimulatorOptions.defaults(broker.bootstrapServers()).withTopic(topics.input())
                    .withSeed(11).withEvents(EVENTS), null);
        }
        assertThat(truth.records()).isEqualTo(EVENTS);
        assertThat(truth.dlqTotal()).as("the run covers every dead-letter reason").containsOnlyKeys(
                "not_cloudevent", "bad_json", "unsupported_specversion", "missing_attribute", "unknown_type",
                "invalid_data", "too_large", "time_in_future");
        Map<String, Long> expectedEvents = flatten(truth.eventsTotal());
        long invalid = truth.dlqTotal().values().stream().mapToLong(Long::longValue).sum();

        try (VigilApp app = VigilApp.start(config(topics, Map.of()))) {
            int port = app.httpPort();
            awaitReady(port);
            await("vigil_events_total equals the truth").atMost(TIMEOUT)
                    .until(() -> PrometheusText.series(metrics(port), "vigil_events_total", "type", "outcome")
                            .equals(expectedEvents));
            // And stays equal: nothing is counted twice once the input is drained.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> PrometheusText.series(metrics(port), "vigil_events_total", "type", "outcome")
                            .equals(expectedEvents));
            assertThat(PrometheusText.series(metrics(port), "vigil_dlq_total", "reason"))
                    .isEqualTo(truth.dlqTotal());

            List<ConsumerRecord<byte[], byte[]>> deadLetters = readCommitted(topics.dlq(), (int) invalid);
            assertThat(deadLetters).hasSize((int) invalid);
            Map<String, Long> byReason = deadLetters.stream().collect(Collectors.groupingBy(
                    r -> header(r, "vigil.error.reason"), TreeMap::new, Collectors.counting()));
            assertThat(byReason).isEqualTo(truth.dlqTotal());
            assertThat(deadLetters).allSatisfy(r -> {
                assertThat(header(r, "vigil.error.topic")).isEqualTo(topics.input());
                assertThat(header(r, "vigil.error.detail")).isNotBlank();
                assertThat(Integer.parseInt(header(r, "vigil.error.partition"))).isBetween(0, 2);
                assertThat(Long.parseLong(header(r, "vigil.error.offset"))).isNotNegative();
            });

            assertThat(get(port, "/healthz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metricsAreServedAsPrometheusTextOrOpenMetricsByContentNegotiation() {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 1);
        try (Simulator simulator = new Simulator()) {
            simulator.run(SimulatorOptions.defaults(broker.bootstrapServers()).withTopic(topics.input())
                    .withSeed(3).withEvents(500), null);
        }
        try (VigilApp app = VigilApp.start(config(topics, Map.of()))) {
            int port = app.httpPort();
            awaitReady(port);
            await("some input processed").atMost(TIMEOUT).until(() -> metrics(port).contains("vigil_dlq_total{"));
            HttpResponse<String> text = get(port, "/metrics", "text/plain");
            assertThat(text.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
            PrometheusText.parse(text.body());
            assertThat(text.body()).contains("# TYPE vigil_events_total counter", "# TYPE vigil_dlq_total counter");

            HttpResponse<String> om = get(port, "/metrics", "application/openmetrics-text; version=1.0.0");
            assertThat(om.headers().firstValue("Content-Type")).hasValueSatisfying(
                    ct -> assertThat(ct).startsWith("application/openmetrics-text"));
            assertThat(om.body()).contains("# TYPE vigil_events counter").endsWith("# EOF\n");
        }
    }

    private static Map<String, Long> flatten(Map<String, Map<String, Long>> byTypeAndOutcome) {
        Map<String, Long> flat = new TreeMap<>();
        byTypeAndOutcome.forEach((type, outcomes) -> outcomes.forEach((outcome, n) -> flat.put(type + "|" + outcome, n)));
        return flat;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
