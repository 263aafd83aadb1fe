package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.VigilApp;
import dev.vigil.app.stack.MetricCatalogue;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import dev.vigil.topology.StoreNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * Every metric of docs/metrics.md on a real broker equals the simulator's independent ground truth:
 * on one instance, across a restart in the middle of the stream, and split over two instances.
 */
class MetricsIntegrationTest extends BrokerIntegrationTest {
    private static final int EVENTS = 20_000;

    @Test
    void everySeriesEqualsTheTruthAndPromtoolFindsNothingToLint() throws Exception {
        TestTopics topics = TestTopics.unique();
        GroundTruth truth = publish(topics, 3, 21);
        try (VigilApp app = VigilApp.start(config(topics, Map.of()))) {
            awaitReady(app.httpPort());
            awaitTruth(truth, List.of(app));
            // The JVM, process, Kafka client and build families docs/metrics.md lists ("JVM and process",
            // the reference table) are there, under those names.
            String exposition = metrics(app.httpPort());
            for (String family : new MetricCatalogue().runtimeFamilies()) {
                assertThat(exposition).as(family).containsPattern("(?m)^# TYPE " + family + " ");
            }
            assertThat(exposition).contains("# TYPE vigil_build_info gauge", "# TYPE vigil_rocksdb_block_cache_usage_bytes gauge");
            // The whole output, Kafka client and JVM metrics included: no name collides, nothing to lint.
            // Without promtool (Promtool uses RequiredTool) the test is reported skipped here, after the truth
            // above has been checked.
            assertThat(Promtool.checkMetrics(exposition)).isEmpty();
            // The changelogs Vigil's stores got close a segment often enough for the broker to compact
            // (key-value) or expire (dedup) them, so a restore reads the state rather than its history.
            Map<String, String> segmentMs = changelogSegmentMs(topics.applicationId());
            assertThat(segmentMs).containsKeys(StoreNames.TASK_STATE, StoreNames.SERIES, StoreNames.DEDUP_SEEN)
                    .hasSize(StoreNames.class.getFields().length);
            segmentMs.forEach((store, ms) -> assertThat(ms).as(store)
                    .isEqualTo(store.equals(StoreNames.DEDUP_SEEN) ? "3600000" : "60000"));
        }
    }

    /**
     * A producer that does not key by entity: every record on partition 0 of 3, so the entities at
     * home there go straight to the entity stage and the others cross events-by-entity (both paths,
     * merged per entity); a restart in the middle changes no final value.
     */
    @Test
    void recordsOutsideTheirEntitysPartitionCrossAndARestartChangesNoFinalValue() throws Exception {
        TestTopics topics = TestTopics.unique();
        GroundTruth truth = publish(topics, 3, 22, Map.of(ProducerConfig.PARTITIONER_CLASS_CONFIG,
                FirstPartitionPartitioner.class.getName()));
        var config = config(topics, Map.of());
        try (VigilApp first = VigilApp.start(config)) {
            awaitReady(first.httpPort());
            await("part of the stream processed").atMost(TIMEOUT).until(() ->
                    first.selfMetricCounts().values().stream().mapToLong(Long::longValue).sum() > EVENTS / 4);
        }
        // Same state directory and application id: restores from local state plus changelogs.
        try (VigilApp second = VigilApp.start(config)) {
            awaitReady(second.httpPort());
            awaitTruth(truth, List.of(second));
        }
        long crossed = recordsIn(topics.applicationId() + "-events-by-entity-repartition");
        assertThat(crossed).as("records that crossed events-by-entity").isPositive().isLessThan(EVENTS);
    }

    /**
     * topics.input_keyed_by_entity: the simulator keys every event by its entity (as docs/events.md,
     * Keys, asks), so Vigil may read the input partitions as they are; the metrics must be the same, also
     * across a restart (the entity stage's event clock is restored from its store).
     */
    @Test
    void withTheInputKeyedByEntityEverySeriesEqualsTheTruthAcrossARestart() {
        TestTopics topics = TestTopics.unique();
        GroundTruth truth = publish(topics, 3, 24);
        var config = config(topics, Map.of("VIGIL_TOPICS_INPUT_KEYED_BY_ENTITY", "true"));
        try (VigilApp first = VigilApp.start(config)) {
            awaitReady(first.httpPort());
            await("part of the stream processed").atMost(TIMEOUT).until(() ->
                    first.selfMetricCounts().values().stream().mapToLong(Long::longValue).sum() > EVENTS / 3);
        }
        // The first instance left the group when it stopped (ClosePolicy): the second gets every
        // partition at once instead of after the first one's session (45 s) expired.
        long restarted = System.nanoTime();
        try (VigilApp second = VigilApp.start(config)) {
            awaitReady(second.httpPort());
            assertThat(Duration.ofNanos(System.nanoTime() - restarted)).as("restart to /readyz 200")
                    .isLessThan(Duration.ofSeconds(30));
            awaitTruth(truth, List.of(second));
        }
    }

    @Test
    void twoInstancesSplitTheSeriesAndAnswerEveryAggregateAlike() {
        TestTopics topics = TestTopics.unique();
        GroundTruth truth = publish(topics, 4, 23);
        String rules = """
                alerts:
                  rules:
                    - name: PoolBusy
                      metric: lease_utilization
                      group_by: [pool]
                      op: ">"
                      threshold: 0.1
                      severity: warning
                    - name: CallsFailing
                      metric: agent_call_success_ratio
                      window: 1h
                      group_by: [agent_name]
                      op: "<"
                      threshold: 0.99
                      severity: info
                """;
        try (VigilApp a = VigilApp.start(config(topics, Map.of("VIGIL_KAFKA_PROPERTIES_STATE_DIR",
                tempDir.resolve("a").toString()), rules));
             VigilApp b = VigilApp.start(config(topics, Map.of("VIGIL_KAFKA_PROPERTIES_STATE_DIR",
                     tempDir.resolve("b").toString()), rules))) {
            awaitReady(a.httpPort());
            awaitReady(b.httpPort());
            awaitTruth(truth, List.of(a, b));

            Set<String> onA = aggregateSeries(a).keySet();
            Set<String> onB = aggregateSeries(b).keySet();
            Set<String> both = new HashSet<>(onA);
            both.retainAll(onB);
            assertThat(both).as("series exposed by both instances").isEmpty();
            assertThat(onA).as("each instance serves some series").isNotEmpty();
            assertThat(onB).as("each instance serves some series").isNotEmpty();

            for (String path : List.of("/api/v1/aggregates/pools/browser", "/api/v1/aggregates/pools/gpu",
                    "/api/v1/aggregates/agents/planner", "/api/v1/aggregates/agents/coder",
                    "/api/v1/aggregates/tenants/acme", "/api/v1/aggregates/tenants/unknown",
                    "/api/v1/aggregates/tasks/no-such-task", "/api/v1/aggregates/leases/no-such-lease")) {
                var fromA = get(a.httpPort(), path, null);
                var fromB = get(b.httpPort(), path, null);
                assertThat(fromA.statusCode()).as(path).isEqualTo(fromB.statusCode());
                assertThat(fromA.body()).as(path).isEqualTo(fromB.body());
            }
            assertThat(get(a.httpPort(), "/api/v1/aggregates/pools/browser", null).statusCode()).isEqualTo(200);
            var tenant = get(b.httpPort(), "/api/v1/aggregates/tenants/acme", null);
            assertThat(tenant.statusCode()).isEqualTo(200);
            assertThat(tenant.body()).contains("\"tenant\":\"acme\"", "\"tenant_cost_usd_total\"",
                    "\"tenant_tokens_total\"", "\"tenant_calls_total\"", "\"tenant_tasks_total\"");

            // Alerts live beside the groups they judge (pools, calls): each instance holds some,
            // and either one lists them all.
            await("alerts firing").atMost(TIMEOUT).until(() ->
                    get(a.httpPort(), "/api/v1/alerts", null).body().contains("\"rule\":\"CallsFailing\"")
                            && get(a.httpPort(), "/api/v1/alerts", null).body().contains("\"rule\":\"PoolBusy\""));
            assertThat(get(a.httpPort(), "/api/v1/alerts", null).body())
                    .isEqualTo(get(b.httpPort(), "/api/v1/alerts", null).body());
            assertThat(get(a.httpPort(), "/api/v1/alerts?scope=local", null).body())
                    .isNotEqualTo(get(b.httpPort(), "/api/v1/alerts?scope=local", null).body());
            assertThat(get(a.httpPort(), "/api/v1/aggregates/tasks/no-such-task", null).statusCode()).isEqualTo(404);
        }
    }

    private GroundTruth publish(TestTopics topics, int partitions, long seed) {
        return publish(topics, partitions, seed, Map.of());
    }

    private GroundTruth publish(TestTopics topics, int partitions, long seed, Map<String, String> producer) {
        createInput(topics, partitions);
        try (Simulator simulator = new Simulator()) {
            GroundTruth truth = simulator.run(SimulatorOptions.defaults(broker.bootstrapServers())
                    .withTopic(topics.input()).withSeed(seed).withEvents(EVENTS).withProducerProperties(producer), null);
            assertThat(truth.metrics()).as("the truth covers every metric family")
                    .isNotEmpty();
            return truth;
        }
    }

    /** Waits until the sum over the instances' /metrics equals the truth for every aggregate series. */
    private static void awaitTruth(GroundTruth truth, List<VigilApp> instances) {
        List<String>[] last = new List[1];
        try {
            await("/metrics equals the ground truth").atMost(TIMEOUT).until(() -> {
                Map<String, Double> sum = new HashMap<>();
                for (VigilApp app : instances) {
                    aggregateSeries(app).forEach((k, v) -> sum.merge(k, v, Double::sum));
                }
                last[0] = PrometheusSamples.differences(truth.metrics(), sum);
                return last[0].isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("differences from the truth (first 40): "
                    + last[0].subList(0, Math.min(40, last[0].size())), e);
        }
    }

    /** The records ever written to a topic: the sum of its partitions' end offsets. */
    private static long recordsIn(String topic) throws Exception {
        try (Admin admin = broker.createAdmin()) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset).sum();
        }
    }

    /** Store name → {@code segment.ms} of its changelog topic, for every changelog of the application. */
    private static Map<String, String> changelogSegmentMs(String applicationId) throws Exception {
        try (Admin admin = broker.createAdmin()) {
            List<ConfigResource> changelogs = admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-changelog"))
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            Map<String, String> segmentMs = new HashMap<>();
            admin.describeConfigs(changelogs).all().get().forEach((topic, config) -> segmentMs.put(
                    topic.name().substring(applicationId.length() + 1, topic.name().length() - "-changelog".length()),
                    config.get(TopicConfig.SEGMENT_MS_CONFIG).value()));
            return segmentMs;
        }
    }

    private static Map<String, Double> aggregateSeries(VigilApp app) {
        return PrometheusSamples.select(PrometheusSamples.parse(metrics(app.httpPort())), MetricsOracle.FAMILIES);
    }
}
