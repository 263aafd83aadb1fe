package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    private static final Map<String, String> NO_TOPIC = null;
    private static final int PARTITIONS = 3;

    private final List<Map<String, Object>> configs = new CopyOnWriteArrayList<>();

    private static MockProducer<byte[], byte[]> mock() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The topic (when it exists) has {@link #PARTITIONS} partitions. */
    private Simulator simulator(MockProducer<byte[], byte[]> producer, Map<String, String> topicConfig) {
        return new Simulator(config -> {
            configs.add(config);
            return producer;
        }, opts -> topicConfig == null ? null : new Simulator.TopicInfo(PARTITIONS, topicConfig));
    }

    private static SimulatorOptions opts(long events) {
        return SimulatorOptions.defaults("localhost:1").withTopic("events-in").withSeed(11L).withEvents(events);
    }

    @Test
    void publishesTheGeneratorsRecordsAndReturnsTheirTruth() {
        MockProducer<byte[], byte[]> producer = mock();
        List<Progress> reports = new ArrayList<>();
        GroundTruth truth = simulator(producer, Map.of("max.message.bytes", "1048588")).run(opts(3_000),
                reports::add);

        List<SimRecord> expected = EventGenerator.generate(11L, GeneratorOptions.defaults(), 3_000);
        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).hasSize(3_000);
        TruthAccumulator acc = new TruthAccumulator(11L);
        for (int i = 0; i < sent.size(); i++) {
            ProducerRecord<byte[], byte[]> p = sent.get(i);
            SimRecord e = expected.get(i);
            List<Header> headers = List.of(p.headers().toArray());
            SimRecord asSent = new SimRecord(p.key(), p.value(), headers, e.expected(), p.timestamp());
            assertThat(EventGeneratorTest.sameBytes(asSent, e)).as("record %d", i).isTrue();
            assertThat(p.topic()).isEqualTo("events-in");
            assertThat(p.timestamp()).isEqualTo(e.timestamp());
            acc.add(e);
        }
        Map<String, Double> metrics = MetricsOracle.compute(TruthSettings.defaults(PARTITIONS), expected);
        assertThat(metrics).containsKey("task_total{status=\"submitted\"}");
        assertThat(truth).isEqualTo(acc.snapshot().withMetrics(metrics));
        assertThat(truth.dlq("too_large")).isZero();
        assertThat(producer.closed()).isTrue();
        assertThat(reports).isNotEmpty();
        Progress last = reports.get(reports.size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.sent()).isEqualTo(3_000);
        assertThat(last.acknowledged()).isEqualTo(3_000);
        assertThat(last.simulatedTime()).isAfter(GeneratorOptions.DEFAULT_START);
    }

    @Test
    void producerIsIdempotentWithAcksAll() {
        Map<String, String> user = Map.of("acks", "1", "enable.idempotence", "false", "linger.ms", "5",
                "security.protocol", "PLAINTEXT");
        Map<String, Object> c = Simulator.producerConfig(opts(1).withProducerProperties(user)
                .withMaxEventBytes(2_000_000), true);
        assertThat(c).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsEntry("linger.ms", "5").containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("bootstrap.servers", "localhost:1");
        assertThat((Integer) c.get("max.request.size")).isGreaterThan(2_000_000 + 1024);
        assertThat(Simulator.producerConfig(opts(1), false)).doesNotContainKey("max.request.size");
    }

    @Test
    void tooLargeRecordsOnlyWhenTheTopicTakesThem() {
        assertThat(Simulator.tooLargeFits(1_048_588, 1_048_576)).isFalse();
        assertThat(Simulator.tooLargeFits(2_097_152, 1_048_576)).isTrue();

        GeneratorOptions often = GeneratorOptions.defaults().withTooLargeShare(0.01);
        SimulatorOptions o = opts(1_000).withMaxEventBytes(65_536);

        GroundTruth small = simulator(mock(), Map.of("max.message.bytes", "65536")).run(o, often, null);
        assertThat(small.dlq("too_large")).isZero();

        GroundTruth missing = simulator(mock(), NO_TOPIC).run(o, often, null);
        assertThat(missing.dlq("too_large")).isZero();

        MockProducer<byte[], byte[]> producer = mock();
        GroundTruth big = simulator(producer, Map.of("max.message.bytes", "200000")).run(o, often, null);
        assertThat(big.dlq("too_large")).isPositive();
        assertThat(configs.get(configs.size() - 1)).containsKey("max.request.size");
        assertThat(producer.history()).anySatisfy(r -> assertThat(r.value().length).isGreaterThan(65_536));

        GroundTruth forced = simulator(mock(), NO_TOPIC).run(o.withIncludeTooLarge(true), often, null);
        assertThat(forced.dlq("too_large")).isPositive();
        GroundTruth refused = simulator(mock(), Map.of("max.message.bytes", "9999999"))
                .run(o.withIncludeTooLarge(false), often, null);
        assertThat(refused.dlq("too_large")).isZero();
    }

    @Test
    void aFailedSendFailsTheRun() {
        AtomicInteger n = new AtomicInteger();
        MockProducer<byte[], byte[]> failing = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                            Callback callback) {
                if (n.incrementAndGet() == 500) {
                    KafkaException e = new KafkaException("broker said no");
                    callback.onCompletion(null, e);
                    return CompletableFuture.failedFuture(e);
                }
                return super.send(record, callback);
            }
        };
        assertThatThrownBy(() -> simulator(failing, NO_TOPIC).run(opts(2_000), null))
                .isInstanceOf(SimulationException.class)
                .hasMessageContaining("broker said no")
                .hasMessageContaining("ground truth would be wrong");
        assertThat(n.get()).isLessThan(2_000);
    }

    @Test
    void aThrowingSendFailsTheRun() {
        MockProducer<byte[], byte[]> producer = mock();
        producer.sendException = new KafkaException("no metadata");
        assertThatThrownBy(() -> simulator(producer, NO_TOPIC).run(opts(10), null))
                .isInstanceOf(SimulationException.class).hasCauseInstanceOf(KafkaException.class);
    }

    @Test
    void closeStopsAnUnboundedRunWithTheTruthOfWhatWasSent() throws Exception {
        MockProducer<byte[], byte[]> producer = mock();
        Simulator sim = simulator(producer, NO_TOPIC);
        AtomicReference<GroundTruth> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(sim.run(opts(0).withRatePerSecond(5_000), null)));
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() >= 200);
        sim.close();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        GroundTruth truth = result.get();
        assertThat(truth).isNotNull();
        assertThat(truth.records()).isEqualTo(producer.history().size()).isGreaterThanOrEqualTo(200);
        TruthAccumulator acc = new TruthAccumulator(11L);
        EventGenerator.generate(11L, GeneratorOptions.defaults(), (int) truth.records()).forEach(acc::add);
        assertThat(truth).isEqualTo(acc.snapshot());
    }

    @Test
    void interruptStopsTheRunAndKeepsTheFlag() throws Exception {
        MockProducer<byte[], byte[]> producer = mock();
        Simulator sim = simulator(producer, NO_TOPIC);
        AtomicReference<GroundTruth> result = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread t = new Thread(() -> {
            result.set(sim.run(opts(0).withRatePerSecond(2_000), null));
            flag.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() >= 100);
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(result.get().records()).isEqualTo(producer.history().size());
        assertThat(flag.get()).isTrue();
    }

    @Test
    void rateLimitsThePace() {
        MockProducer<byte[], byte[]> producer = mock();
        List<Progress> reports = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        GroundTruth truth = simulator(producer, NO_TOPIC).run(opts(300).withRatePerSecond(1_000), reports::add);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(truth.records()).isEqualTo(300);
        assertThat(ms).isGreaterThanOrEqualTo(250);
        assertThat(reports.get(reports.size() - 1).finished()).isTrue();
    }

    @Test
    void metricTruthUsesTheSettingsAndThePartitionCountOfTheTopic() {
        TruthSettings custom = TruthSettings.defaults(99).withMaxSeriesPerMetric(3)
                .withPoolCapacities(Map.of("tpu", 4.0));
        GroundTruth truth = simulator(mock(), Map.of("max.message.bytes", "1048576"))
                .run(opts(2_000).withTruth(custom), null);
        List<SimRecord> records = EventGenerator.generate(11L, GeneratorOptions.defaults(), 2_000);
        assertThat(truth.metrics()).isEqualTo(MetricsOracle.compute(custom.withPartitions(PARTITIONS), records))
                .containsEntry("pool_capacity{pool=\"tpu\"}", 4.0)
                .containsKey("agent_call_total{agent_name=\"__other__\",capability=\"__other__\","
                        + "model_name=\"__other__\",status=\"ok\"}");
        assertThat(truth.metrics()).isNotEqualTo(MetricsOracle.compute(TruthSettings.defaults(PARTITIONS), records));
    }

    @Test
    void partitionCountFromTheProducerWhenTheTopicIsNotDescribed() {
        Node node = new Node(0, "localhost", 1);
        Node[] nodes = {node};
        Cluster cluster = new Cluster("c", List.of(node), List.of(new PartitionInfo("events-in", 0, node, nodes, nodes),
                new PartitionInfo("events-in", 1, node, nodes, nodes)), Set.of(), Set.of());
        List<Integer> partitions = new CopyOnWriteArrayList<>();
        // KafkaProducer's partitioning of keyed records, which MockProducer does not do by itself.
        Partitioner byKey = new Partitioner() {
            @Override
            public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes,
                                 Cluster c) {
                return keyBytes == null ? 0 // some bad records have no key (KafkaProducer: sticky partition)
                        : BuiltInPartitioner.partitionForKey(keyBytes, c.partitionsForTopic(topic).size());
            }

            @Override
            public void close() {
            }

            @Override
            public void configure(Map<String, ?> configs) {
            }
        };
        MockProducer<byte[], byte[]> producer = new MockProducer<>(cluster, true, byKey, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                            Callback callback) {
                Future<RecordMetadata> f = super.send(record, callback);
                try {
                    partitions.add(f.get().partition());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return f;
            }
        };
        GroundTruth truth = simulator(producer, NO_TOPIC).run(opts(1_000), null);
        List<SimRecord> records = EventGenerator.generate(11L, GeneratorOptions.defaults(), 1_000);
        assertThat(truth.metrics()).isNotEmpty().isEqualTo(MetricsOracle.compute(TruthSettings.defaults(2), records));
        // The producer partitions by key, so a valid record's partition is the entity partition the truth assumes.
        assertThat(partitions).hasSize(records.size());
        for (int i = 0; i < records.size(); i++) {
            SimRecord r = records.get(i);
            if (r.expected().valid()) {
                assertThat(partitions.get(i)).as("record %d", i)
                        .isEqualTo(MetricsOracle.partition(MetricsOracle.entityKey(r.expected().event()), 2));
            }
        }
    }

    @Test
    void noPartitionCountMeansNoMetricTruth() {
        GroundTruth truth = simulator(mock(), NO_TOPIC).run(opts(500), null);
        assertThat(truth.records()).isEqualTo(500);
        assertThat(truth.metrics()).isEmpty();
        assertThat(truth.eventsTotal()).isNotEmpty();
    }

    @Test
    void optionsHaveUsableDefaults() {
        SimulatorOptions o = new SimulatorOptions("h:9092", null, 1, 0, 0, null, null, 0, null);
        assertThat(o.topic()).isEqualTo("agent-events");
        assertThat(o.start()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(o.maxEventBytes()).isEqualTo(1_048_576L);
        assertThat(o.producerProperties()).isEmpty();
        assertThat(o.includeTooLarge()).isNull();
        assertThat(o.truth()).isEqualTo(TruthSettings.defaults(1));
        assertThatThrownBy(() -> o.withEvents(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withRatePerSecond(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withRatePerSecond(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        Map<String, String> props = new HashMap<>();
        props.put("x", "y");
        assertThat(o.withProducerProperties(props).producerProperties()).containsEntry("x", "y");
    }
}
