package dev.vigil.app.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.Arrays;

/**
 * Keeps the Kafka client metrics that Micrometer binds within Prometheus conventions, so that
 * Vigil's whole {@code /metrics} output passes {@code promtool check metrics}: a gauge named
 * {@code connection_count} becomes {@code connections} (to Prometheus a {@code _count} suffix is
 * part of a histogram), and two kinds are left out: timings Kafka reports in nanoseconds or
 * milliseconds ({@code io_time_ns_total}; Prometheus wants seconds and a meter filter cannot
 * rescale a function meter's values — they stay available over JMX), and the few per-node meters
 * Kafka registers without a description.
 *
 * <p>Kafka Streams' per-store metrics ({@code kafka_stream_state_*}) are left out too unless asked
 * for ({@code observability.metrics.store_metrics}): about 80 series per store and task (RocksDB
 * properties, read through JNI at every scrape, and DEBUG-level timings Kafka never records at the
 * default level). With 56 store instances they were 4,638 of a scrape's 6,676 lines and 72 % of
 * its bytes; Vigil's own {@code vigil_rocksdb_*} gauges report the memory that matters, once.
 */
public final class KafkaClientMetricNames implements MeterFilter {
    private static final String STORE_METRICS = "kafka.stream.state.";
    private final boolean storeMetrics;

    /** @param storeMetrics whether the per-store metrics are kept */
    public KafkaClientMetricNames(boolean storeMetrics) {
        this.storeMetrics = storeMetrics;
    }

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        if (!isKafka(id)) {
            return MeterFilterReply.NEUTRAL;
        }
        if (!storeMetrics && id.getName().startsWith(STORE_METRICS)) {
            return MeterFilterReply.DENY;
        }
        boolean undescribed = id.getDescription() == null || id.getDescription().isBlank();
        boolean subSecondUnit = Arrays.asList(id.getName().split("\\.")).stream()
                .anyMatch(token -> token.equals("ns") || token.equals("ms"));
        return undescribed || subSecondUnit ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!isKafka(id)) {
            return id;
        }
        String name = id.getName();
        if (name.endsWith(".connection.count")) {
            name = name.substring(0, name.length() - ".connection.count".length()) + ".connections";
        }
        return name.equals(id.getName()) ? id : id.withName(name);
    }

    private static boolean isKafka(Meter.Id id) {
        return id.getName().startsWith("kafka.");
    }
}
