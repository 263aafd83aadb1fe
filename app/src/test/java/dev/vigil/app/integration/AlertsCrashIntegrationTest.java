package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Alerts under exactly-once across a crash: Vigil runs as a real process, is killed with SIGKILL
 * while alerts are pending and firing, and restarts on the same state. On the alerts topic
 * (read_committed) no alert id appears twice and no transition is lost (each alert's sequence runs
 * 1, 2, 3… firing and resolved in turn), the counters agree with the topic, and the alerts still
 * firing are listed by {@code /api/v1/alerts} after the restart.
 */
class AlertsCrashIntegrationTest extends BrokerIntegrationTest {
    private static final int EVENTS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aKilledProcessNeitherLosesNorDoublesAnAlert() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 3);
        GroundTruth truth;
        try (Simulator simulator = new Simulator()) {
            truth = simulator.run(SimulatorOptions.defaults(broker.bootstrapServers()).withTopic(topics.input())
                    .withSeed(31).withEvents(EVENTS), null);
        }
        Path config = writeConfig(topics);

        Process first = startVigilProcess(config, tempDir.resolve("first.log"));
        try {
            int port = awaitHttpPort(tempDir.resolve("first.log"));
            awaitReady(port);
            // Some alerts committed, and the input not yet drained: crash in the middle.
            await("first alerts committed").atMost(TIMEOUT).until(() -> alertCount(port) >= 2);
            assertThat(processed(port)).as("killed before the end of the input").isLessThan(EVENTS);
        } finally {
            first.destroyForcibly(); // SIGKILL: no close, no commit
            first.waitFor();
        }

        Process second = startVigilProcess(config, tempDir.resolve("second.log"));
        try {
            int port = awaitHttpPort(tempDir.resolve("second.log"));
            awaitReady(port);
            await("all input processed after the restart").atMost(TIMEOUT)
                    .until(() -> processed(port) == truth.records());

            long total = awaitStableAlertCount(port);
            List<JsonNode> events = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : readCommitted(topics.alerts(), (int) total)) {
                events.add(JSON.readTree(r.value()));
            }
            assertThat(events).hasSize((int) total);

            Set<String> ids = new HashSet<>();
            Map<String, List<JsonNode>> byFingerprint = new LinkedHashMap<>();
            for (JsonNode e : events) {
                assertThat(ids.add(e.get("id").asText())).as("alert id %s appears once", e.get("id")).isTrue();
                byFingerprint.computeIfAbsent(e.get("data").get("fingerprint").asText(), k -> new ArrayList<>()).add(e);
            }
            Set<String> stillFiring = new TreeSet<>();
            for (Map.Entry<String, List<JsonNode>> alert : byFingerprint.entrySet()) {
                List<JsonNode> transitions = alert.getValue();
                for (int i = 0; i < transitions.size(); i++) {
                    JsonNode t = transitions.get(i);
                    assertThat(t.get("id").asText()).as("no transition lost").isEqualTo(alert.getKey() + "-" + (i + 1));
                    assertThat(t.get("type").asText()).isEqualTo(i % 2 == 0 ? "vigil.alert.firing" : "vigil.alert.resolved");
                }
                if (transitions.size() % 2 == 1) {
                    stillFiring.add(alert.getKey());
                }
            }
            assertThat(byFingerprint).as("the rules broke and cleared during the run").isNotEmpty();

            JsonNode listed = JSON.readTree(get(port, "/api/v1/alerts", null).body()).get("data").get("alerts");
            Set<String> listedFingerprints = new TreeSet<>();
            listed.forEach(a -> listedFingerprints.add(a.get("fingerprint").asText()));
            assertThat(listedFingerprints).as("firing alerts listed after the restart").isEqualTo(stillFiring);
            assertThat(PrometheusText.series(metrics(port), "alerts_firing", "rule", "severity").values()
                    .stream().mapToLong(Long::longValue).sum()).isEqualTo(stillFiring.size());
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private Path writeConfig(TestTopics topics) throws IOException {
        return Files.writeString(tempDir.resolve("vigil.yaml"), String.join("\n",
                "kafka:",
                "  bootstrap_servers: \"" + broker.bootstrapServers() + "\"",
                "  application_id: " + topics.applicationId(),
                "  processing_guarantee: exactly_once_v2",
                "  properties:",
                "    state.dir: \"" + tempDir.resolve("state") + "\"",
                // Small transactions, so that the kill lands between many of them.
                "    commit.interval.ms: 50",
                // A static member, as the Kubernetes manifests make each pod: the restarted process is
                // the killed member and gets its tasks back at once, instead of waiting out its session.
                "    group.instance.id: " + topics.applicationId() + "-0",
                "topics:",
                "  input: " + topics.input(),
                "  dlq: " + topics.dlq(),
                "  alerts: " + topics.alerts(),
                "alerts:",
                "  rules:",
                // Flaps often in the simulated world: many firing and resolved transitions.
                "    - name: QueueDeep",
                "      metric: queue_depth",
                "      group_by: [capability]",
                "      op: \">\"",
                "      threshold: 2",
                "      resolve_threshold: 1",
                "      severity: info",
                // Pending first: a `for` timer that runs on stream time.
                "    - name: PoolBusy",
                "      metric: lease_utilization",
                "      group_by: [pool]",
                "      op: \">\"",
                "      threshold: 0.5",
                "      for: 30s",
                "      severity: warning",
                "observability:",
                "  metrics:",
                "    prometheus_port: 0",
                ""));
    }

    private static long processed(int port) {
        return PrometheusText.series(metrics(port), "vigil_events_total", "type", "outcome").values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private static long alertCount(int port) {
        return PrometheusText.series(metrics(port), "vigil_alert_events_total", "state").values().stream()
                .mapToLong(Long::longValue).sum();
    }

    /** The alert count once stream-time timers have nothing more to emit (two equal readings in a row). */
    private static long awaitStableAlertCount(int port) {
        long[] last = {-1};
        return await("alert count settled").atMost(TIMEOUT).pollInterval(java.time.Duration.ofSeconds(1))
                .until(() -> {
                    long now = alertCount(port);
                    boolean same = now == last[0];
                    last[0] = now;
                    return same ? now : -1L;
                }, n -> n >= 0);
    }

    @SuppressWarnings("unused")
    private static Map<String, Long> byState(List<JsonNode> events) {
        Map<String, Long> m = new TreeMap<>();
        events.forEach(e -> m.merge(e.get("data").get("state").asText(), 1L, Long::sum));
        return m;
    }
}
