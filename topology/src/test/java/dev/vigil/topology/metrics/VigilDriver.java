package dev.vigil.topology.metrics;

import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.render.MetricsSnapshotter;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.StoreNames;
import dev.vigil.topology.TopologySettings;
import dev.vigil.topology.VigilTopology;
import dev.vigil.topology.metrics.Events.Event;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * {@link VigilTopology#build} on a {@link TopologyTestDriver} (one partition per topic, so every
 * entity shares one entity-stage task and one stream time), fed with CloudEvents records and
 * scraped the way {@code /metrics} renders the series store: {@link MetricsSnapshotter} over all
 * metric groups.
 */
final class VigilDriver implements AutoCloseable {
    static final int INPUT_PARTITIONS = 4;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> input;
    private final MetricsSnapshotter snapshotter;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final TestOutputTopic<byte[], byte[]> alerts;

    VigilDriver(VigilConfig config, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // Four input partitions: the test driver feeds partition 0, so about a quarter of the
        // entities are at home there and the rest cross events-by-entity: both paths are exercised.
        TopologySettings settings = TopologySettings.from(config).withInputPartitions(INPUT_PARTITIONS);
        this.driver = new TopologyTestDriver(VigilTopology.build(settings), props);
        this.input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.snapshotter = new MetricsSnapshotter(settings.aggregates());
        this.deadLetters = driver.createOutputTopic(config.topics().dlq(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        this.alerts = driver.createOutputTopic(config.topics().alerts(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** The dead-letter records written since the last call. */
    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }

    /** The alert records written since the last call. */
    List<TestRecord<byte[], byte[]>> alerts() {
        return alerts.readRecordsToList();
    }

    /** A self-metric count of the ingest or dedup stage ({@code SelfMetricKey.encode()}), 0 when absent. */
    long selfCount(String store, String key) {
        Long n = driver.<String, Long>getKeyValueStore(store).get(key);
        return n == null ? 0 : n;
    }

    /** Sends events in binary content mode, in the given order. */
    void send(Event... events) {
        for (Event e : events) {
            input.pipeInput(e.binary());
        }
    }

    /** Sends events in structured content mode, in the given order. */
    void sendStructured(Event... events) {
        for (Event e : events) {
            input.pipeInput(e.structured());
        }
    }

    void pipe(TestRecord<byte[], byte[]> record) {
        input.pipeInput(record);
    }

    /** What a scrape of this (only) instance shows now. */
    RenderedMetrics scrape() {
        List<Map.Entry<SeriesKey, SeriesValue>> entries = new ArrayList<>();
        KeyValueStore<String, SeriesValue> series = driver.getKeyValueStore(StoreNames.SERIES);
        try (KeyValueIterator<String, SeriesValue> it = series.all()) {
            it.forEachRemaining(kv -> entries.add(Map.entry(SeriesKey.decode(kv.key), kv.value)));
        }
        return RenderedMetrics.of(snapshotter.snapshot(entries, EnumSet.allOf(MetricGroup.class)));
    }

    @Override
    public void close() {
        driver.close();
    }
}
