package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.VigilApp;
import dev.vigil.app.alertmanager.AlertmanagerServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's alerts in a real Alertmanager (0.25, the Debian binary): a firing alert is there within a second of its
 * CloudEvent, with Vigil's labels; a resolution resolves it; an Alertmanager that was down and forgot everything
 * gets the alerts again within one resend interval; a silence stops its notifications while Vigil keeps sending; two
 * instances give one alert per fingerprint; an owner killed with SIGKILL does not let its alerts expire.
 */
class AlertmanagerIntegrationTest extends BrokerIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerIntegrationTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESEND = Duration.ofSeconds(5);

    @TempDir
    static Path amDir;
    static AlertmanagerServer alertmanager;

    @BeforeAll
    static void startAlertmanager() {
        alertmanager = AlertmanagerServer.start(amDir);
    }

    @AfterAll
    static void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private static String rules(String rule) {
        return """
                alerts:
                  rules:
                    - name: %s
                      metric: pool_capacity
                      group_by: [pool]
                      op: ">"
                      threshold: 10
                      labels: {team: infra}
                      annotations: {summary: "pool {{pool}} holds {{value}}"}
                  alertmanager:
                    urls: [%s]
                    resend_interval: 5s
                    timeout: 2s
                  external_url: http://vigil.test:9090
                """.formatted(rule, alertmanager.url());
    }

    @Test
    void firingResolvedSilencedAndBackAfterAnOutage() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 3);
        String rule = "PoolBig" + topics.applicationId().substring(9);
        Map<String, Instant> onTopic = new ConcurrentHashMap<>();
        try (VigilApp app = VigilApp.start(config(topics, Map.of("VIGIL_KAFKA_PROPERTIES_COMMIT_INTERVAL_MS", "100"),
                rules(rule)));
             TopicWatch watch = new TopicWatch(topics.alerts(), onTopic)) {
            awaitReady(app.httpPort());

            // (1) Each firing alert is active in Alertmanager within a second of its CloudEvent.
            List<Long> latencies = new ArrayList<>();
            List<Long> fromInput = new ArrayList<>();
            Map<String, Instant> inAlertmanager = new HashMap<>();
            Map<String, String> traceIds = new HashMap<>();
            for (int i = 0; i < 5; i++) {
                String pool = "p" + i;
                String traceId = UUID.randomUUID().toString().replace("-", "");
                traceIds.put(pool, traceId);
                Instant produced = Instant.now();
                send(topics.input(), pool, 20, "evt-" + pool, traceId);
                await(pool + " on the topic and in Alertmanager").atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            Instant now = Instant.now();
                            active(rule).keySet().forEach(p -> inAlertmanager.putIfAbsent(p, now));
                            return inAlertmanager.containsKey(pool) && onTopic.containsKey(pool);
                        });
                latencies.add(Duration.between(onTopic.get(pool), inAlertmanager.get(pool)).toMillis());
                fromInput.add(Duration.between(produced, inAlertmanager.get(pool)).toMillis());
            }
            // Alertmanager usually has the alert first: the notifier is told at emit, before the
            // transaction that makes the CloudEvent readable (read_committed) commits.
            LOG.info("alert CloudEvent readable on the topic -> active in Alertmanager, ms (negative: Alertmanager "
                    + "first): {}", percentiles(latencies));
            LOG.info("input event produced -> active in Alertmanager, ms: {}", percentiles(fromInput));
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThanOrEqualTo(1000));

            JsonNode p0 = active(rule).get("p0");
            assertThat(JSON.convertValue(p0.get("labels"), Map.class)).isEqualTo(Map.of(
                    "alertname", rule, "severity", "warning", "pool", "p0", "team", "infra"));
            assertThat(p0.get("annotations").get("summary").asText()).isEqualTo("pool p0 holds 20");
            assertThat(p0.get("annotations").get("value").asText()).isEqualTo("2e+01");
            assertThat(p0.get("annotations").get("threshold").asText()).isEqualTo("1e+01");
            assertThat(p0.get("annotations").get("trigger_event_id").asText()).isEqualTo("evt-p0");
            assertThat(p0.get("annotations").get("trace_id").asText()).isEqualTo(traceIds.get("p0"));
            assertThat(p0.get("generatorURL").asText()).matches("http://vigil\\.test:9090/#alert-[0-9a-f]{16}");
            assertThat(Instant.parse(p0.get("endsAt").asText())).isAfter(Instant.now().plus(RESEND));

            // (2) A resolution resolves it in Alertmanager, which tells its receiver.
            send(topics.input(), "p0", 5, "evt-p0-low", null);
            await("p0 resolved in Alertmanager").atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !active(rule).containsKey("p0"));
            await("p0's resolution notified").atMost(Duration.ofSeconds(5))
                    .until(() -> notified(rule, "p0", "resolved"));

            // (6) A silence stops the notifications of its alert; Vigil keeps sending it.
            alertmanager.silence(Map.of("alertname", rule, "pool", "p5"));
            send(topics.input(), "p5", 20, "evt-p5", null);
            send(topics.input(), "p6", 20, "evt-p6", null);
            await("p6 notified").atMost(Duration.ofSeconds(5)).until(() -> notified(rule, "p6", "firing"));
            await("p5 held, silenced").atMost(Duration.ofSeconds(5)).until(() -> active(rule).containsKey("p5")
                    && "suppressed".equals(active(rule).get("p5").get("status").get("state").asText()));
            long sent = successes(app.httpPort());
            await("Vigil keeps sending").atMost(RESEND.multipliedBy(3)).until(() -> successes(app.httpPort()) > sent);
            assertThat(active(rule).get("p5").get("status").get("state").asText()).isEqualTo("suppressed");
            assertThat(notified(rule, "p5", "firing")).as("silenced p5 was not notified").isFalse();

            // (3) Alertmanager down for two resend intervals (two rounds of sends fail), back with an empty
            // storage: the alerts arrive again within one resend interval, however many sends failed.
            Set<String> firing = active(rule).keySet();
            assertThat(firing).containsExactlyInAnyOrder("p1", "p2", "p3", "p4", "p5", "p6");
            long failedBefore = failures(app.httpPort());
            alertmanager.kill();
            await("Alertmanager down for two resend intervals").pollDelay(RESEND.multipliedBy(2))
                    .atMost(RESEND.multipliedBy(2).plusSeconds(1)).until(() -> failures(app.httpPort()) > failedBefore);
            alertmanager.startProcess();
            Instant back = Instant.now();
            await("alerts again in the fresh Alertmanager").atMost(RESEND.plusSeconds(1))
                    .pollInterval(Duration.ofMillis(100)).until(() -> active(rule).keySet().equals(firing));
            LOG.info("alerts back in Alertmanager {} ms after it was ready", Duration.between(back, Instant.now()).toMillis());
        }
    }

    @Test
    void twoInstancesSendOneAlertEachAndAKilledOwnersAlertsStayActive() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 3);
        String rule = "PoolBig" + topics.applicationId().substring(9);
        Process a = startVigilProcess(writeConfig(topics, rule, "a"), tempDir.resolve("a.log"));
        Process b = startVigilProcess(writeConfig(topics, rule, "b"), tempDir.resolve("b.log"));
        Process restarted = null;
        try {
            awaitReady(awaitHttpPort(tempDir.resolve("a.log")));
            awaitReady(awaitHttpPort(tempDir.resolve("b.log")));
            List<String> pools = List.of("q0", "q1", "q2", "q3", "q4", "q5");
            for (String pool : pools) {
                send(topics.input(), pool, 20, "evt-" + pool, null);
            }

            // (5) One alert per fingerprint, whichever instance sent it.
            await("all alerts in Alertmanager").atMost(TIMEOUT).until(() -> active(rule).size() == pools.size());
            List<JsonNode> all = alertmanager.alerts().stream()
                    .filter(x -> rule.equals(x.get("labels").get("alertname").asText())).toList();
            Set<String> fingerprints = new HashSet<>();
            all.forEach(x -> fingerprints.add(x.get("generatorURL").asText()));
            assertThat(all).hasSize(pools.size());
            assertThat(fingerprints).hasSize(pools.size());
            all.forEach(x -> assertThat(x.get("labels").has("instance")).isFalse());

            // (4) SIGKILL one owner; after its restart, the alerts outlive the endsAt they had.
            Instant lastEnd = active(rule).values().stream().map(x -> Instant.parse(x.get("endsAt").asText()))
                    .max(Instant::compareTo).orElseThrow();
            a.destroyForcibly();
            a.waitFor();
            restarted = startVigilProcess(tempDir.resolve("vigil-a.yaml"), tempDir.resolve("a2.log"));
            Duration untilPastEnd = Duration.between(Instant.now(), lastEnd).plusSeconds(1);
            await("past the first endsAt").pollDelay(untilPastEnd).atMost(untilPastEnd.plusSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        Map<String, JsonNode> now = active(rule);
                        return now.keySet().containsAll(pools) && now.values().stream()
                                .allMatch(x -> Instant.parse(x.get("endsAt").asText()).isAfter(lastEnd));
                    });
            assertThat(Instant.now()).isAfter(lastEnd);
            assertThat(active(rule).keySet()).containsExactlyInAnyOrderElementsOf(pools);
        } finally {
            for (Process p : new Process[] {a, b, restarted}) {
                if (p != null) {
                    p.destroy();
                    p.waitFor();
                }
            }
        }
    }

    private static String percentiles(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return "p50 " + sorted.get((sorted.size() - 1) / 2) + " p99 "
                + sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) + " of " + sorted;
    }

    /** The alerts of this rule Alertmanager holds, by pool. */
    private static Map<String, JsonNode> active(String rule) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode alert : alertmanager.alerts()) {
            if (rule.equals(alert.get("labels").get("alertname").asText())) {
                out.put(alert.get("labels").get("pool").asText(), alert);
            }
        }
        return out;
    }

    private static boolean notified(String rule, String pool, String status) {
        for (JsonNode n : alertmanager.notifications()) {
            for (JsonNode alert : n.get("alerts")) {
                if (rule.equals(alert.get("labels").get("alertname").asText())
                        && pool.equals(alert.get("labels").get("pool").asText())
                        && status.equals(alert.get("status").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long successes(int port) {
        return notifications(port, "success");
    }

    private static long failures(int port) {
        return notifications(port, "failure");
    }

    private static long notifications(int port, String result) {
        return PrometheusText.series(metrics(port), "vigil_alertmanager_notifications_total", "result")
                .getOrDefault(result, 0L);
    }

    private static void send(String topic, String pool, int capacity, String id, String traceId) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0")).add("ce_id", utf8(id)).add("ce_source", utf8("orchestrator"))
                .add("ce_type", utf8("agent.pool.status")).add("ce_time", utf8(Instant.now().toString()))
                .add("content-type", utf8("application/json"));
        if (traceId != null) {
            headers.add("ce_traceparent", utf8("00-" + traceId + "-00f067aa0ba902b7-01"));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, utf8(pool),
                    utf8("{\"pool\":\"" + pool + "\",\"capacity\":" + capacity + "}"), headers));
            producer.flush();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records when each firing alert's CloudEvent is first readable (read_committed) on the alerts topic, by pool. */
    private static final class TopicWatch implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;

        TopicWatch(String topic, Map<String, Instant> firstSeen) {
            thread = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(topic)) {
                    while (running) {
                        consumer.poll(Duration.ofMillis(20)).forEach(r -> {
                            Instant now = Instant.now();
                            try {
                                JsonNode data = JSON.readTree(r.value()).get("data");
                                if ("firing".equals(data.get("state").asText())) {
                                    firstSeen.putIfAbsent(data.get("labels").get("pool").asText(), now);
                                }
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                    }
                }
            }, "alerts-topic-watch");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }

    private Path writeConfig(TestTopics topics, String rule, String name) throws IOException {
        return Files.writeString(tempDir.resolve("vigil-" + name + ".yaml"), String.join("\n",
                "kafka:",
                "  bootstrap_servers: \"" + broker.bootstrapServers() + "\"",
                "  application_id: " + topics.applicationId(),
                "  properties:",
                "    state.dir: \"" + tempDir.resolve("state-" + name) + "\"",
                "    commit.interval.ms: 100",
                // A killed member leaves the group soon, so that its partitions move in the test's time.
                "    session.timeout.ms: 6000",
                "    heartbeat.interval.ms: 1000",
                "topics:",
                "  input: " + topics.input(),
                "  dlq: " + topics.dlq(),
                "  alerts: " + topics.alerts(),
                "observability:",
                "  metrics:",
                "    prometheus_port: 0",
                "") + rules(rule));
    }
}
