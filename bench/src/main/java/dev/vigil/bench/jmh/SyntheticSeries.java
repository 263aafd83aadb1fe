package dev.vigil.bench.jmh;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.codec.SeriesValueCodec;
import dev.vigil.aggregates.metric.HistogramBounds;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A synthetic series store of a given size, as the series store holds it (encoded key → encoded
 * value, sorted like RocksDB): the series are spread round-robin over eight metrics of every kind
 * (three counters, two gauges, two histograms, one windowed ratio), each with distinct label values,
 * plus the ratio's clock. So 1/4 of the series are histograms (17 or 18 exposition lines each) and
 * 1/8 are ratios (one line per window).
 */
final class SyntheticSeries {
    private static final Metric[] METRICS = {
        Metric.AGENT_CALL_TOTAL, Metric.MODEL_TOKENS_TOTAL, Metric.LEASE_EXPIRED_TOTAL,
        Metric.ACTIVE_LEASES, Metric.QUEUE_DEPTH,
        Metric.STEP_DURATION_SECONDS, Metric.AGENT_CALL_LATENCY_SECONDS,
        Metric.AGENT_CALL_SUCCESS_RATIO,
    };
    private static final long CLOCK_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    private SyntheticSeries() {
    }

    static TreeMap<String, byte[]> store(int series, AggregatesSettings settings) {
        return store(series, settings, 7);
    }

    /** The same keys as {@link #store(int, AggregatesSettings)}, values drawn from another seed. */
    static TreeMap<String, byte[]> store(int series, AggregatesSettings settings, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TreeMap<String, byte[]> store = new TreeMap<>();
        for (int i = 0; i < series; i++) {
            Metric metric = METRICS[i % METRICS.length];
            SeriesKey key = new SeriesKey(metric, labels(metric, i));
            store.put(key.encode(), SeriesValueCodec.encode(value(metric, settings, random)));
        }
        store.put(SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO).encode(),
                SeriesValueCodec.encode(new SeriesValue.Clock(CLOCK_MS)));
        return store;
    }

    private static List<String> labels(Metric metric, int i) {
        String unique = "agent-" + i;
        String[] statuses = {"ok", "error", "timeout"};
        return switch (metric) {
            case AGENT_CALL_TOTAL -> List.of(unique, "web_search", "gpt-4o", statuses[i % 3]);
            case MODEL_TOKENS_TOTAL -> List.of(unique, "gpt-4o", i % 2 == 0 ? "input" : "output");
            case LEASE_EXPIRED_TOTAL, QUEUE_DEPTH -> List.of("pool-" + i);
            case ACTIVE_LEASES -> List.of("browser", unique);
            case STEP_DURATION_SECONDS -> List.of(unique, "web_search", "succeeded");
            case AGENT_CALL_LATENCY_SECONDS -> List.of(unique, "gpt-4o");
            case AGENT_CALL_SUCCESS_RATIO -> List.of(unique);
            default -> throw new IllegalArgumentException(metric.metricName());
        };
    }

    private static SeriesValue value(Metric metric, AggregatesSettings settings, SplittableRandom random) {
        return switch (metric.type()) {
            case COUNTER -> new SeriesValue.Counter(random.nextInt(1_000_000));
            case GAUGE -> new SeriesValue.Gauge(random.nextInt(100));
            case HISTOGRAM -> {
                HistogramBounds bounds = settings.bounds(metric.bucketKind().orElseThrow());
                Histogram h = Histogram.empty(bounds.size());
                for (int k = 0; k < 50; k++) {
                    h = h.observe(bounds, Math.exp(random.nextDouble(-5, 6)));
                }
                yield h;
            }
            case RATIO -> {
                WindowRatio r = WindowRatio.empty();
                for (int k = 0; k < 20; k++) {
                    r = r.observe(settings.windowsMs(), CLOCK_MS - random.nextLong(3_600_000L), random.nextInt(10) > 0);
                }
                yield r.prune(CLOCK_MS);
            }
            default -> throw new IllegalArgumentException(metric.metricName());
        };
    }
}
