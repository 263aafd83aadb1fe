package dev.vigil.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Vigil settings the metric truth depends on ({@link MetricsOracle}), with defaults equal to Vigil's own
 * defaults (docs/configuration.md, {@code vigil.example.yaml}); written out here, not read from Vigil's configuration code, so
 * that the truth stays independent. Start from {@link #defaults(int)} and change what you need with the withers.
 *
 * @param partitions          partition count of the input topic, which is also that of Vigil's repartition topics
 *                            (no default: pass the topic's)
 * @param grace               {@code aggregates.grace} (default 5 m)
 * @param dedupHorizon        {@code aggregates.dedup_horizon} (default 24 h), in stream time. The oracle also
 *                            forgets a finished entity this long (in its partition's stream time) after its last
 *                            event, to bound its memory in long runs; see {@link MetricsOracle}
 * @param windows             {@code aggregates.windows} (default 5 m, 1 h); each a positive multiple of 5 ms, distinct
 * @param durationBuckets     {@code aggregates.buckets.duration_seconds}: strictly increasing, positive, finite
 * @param callLatencyBuckets  {@code aggregates.buckets.call_latency_seconds}: likewise
 * @param modelPrices         {@code aggregates.model_prices}: model name → USD per million tokens
 * @param poolCapacities      {@code aggregates.pools.<pool>.capacity}
 * @param browserPool         {@code aggregates.browser_pool} (default {@code browser})
 * @param maxSeriesPerMetric  {@code aggregates.max_series_per_metric} (default 2,000; at least 1)
 */
public record TruthSettings(int partitions, Duration grace, Duration dedupHorizon, List<Duration> windows,
                            List<Double> durationBuckets, List<Double> callLatencyBuckets,
                            Map<String, ModelPrice> modelPrices, Map<String, Double> poolCapacities,
                            String browserPool, int maxSeriesPerMetric) {

    /**
     * USD per million uncached input, output and cached input tokens: the effective price of one model name
     * (Vigil's price catalogue with {@code aggregates.model_prices} over it).
     */
    public record ModelPrice(double inputPerMtok, double outputPerMtok, double cachedInputPerMtok) {
        public ModelPrice {
            for (double p : new double[] {inputPerMtok, outputPerMtok, cachedInputPerMtok}) {
                if (!(p >= 0) || Double.isInfinite(p)) {
                    throw new IllegalArgumentException("model prices must be finite and >= 0");
                }
            }
        }

        /** A price without a cached rate: cached tokens cost as input. */
        public ModelPrice(double inputPerMtok, double outputPerMtok) {
            this(inputPerMtok, outputPerMtok, inputPerMtok);
        }
    }

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_DEDUP_HORIZON = Duration.ofHours(24);
    public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofHours(1));
    public static final List<Double> DEFAULT_DURATION_BUCKETS = List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0);
    /** 0.01 s doubling to 81.92 s (the OpenTelemetry GenAI client operation duration buckets). */
    public static final List<Double> DEFAULT_CALL_LATENCY_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64,
            1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
    /**
     * What Vigil's defaults price the simulator's models at, written down here rather than read from Vigil:
     * the entries of its shipped price catalogue ({@code config/src/main/resources/vigil/model-prices.json})
     * for these names. {@code llama-3-70b} is in no catalogue and stays unpriced. A test in {@code vigil-app}
     * checks these against the catalogue, so a price change there fails until this truth follows.
     */
    public static final Map<String, ModelPrice> DEFAULT_MODEL_PRICES = Map.of(
            "gpt-4o", new ModelPrice(2.5, 10.0, 1.25),
            "gpt-4o-mini", new ModelPrice(0.15, 0.6, 0.075),
            "claude-sonnet-4-5-20250929", new ModelPrice(3.0, 15.0, 0.3));
    /**
     * {@code aggregates.buckets.cost_usd} ({@code task_cost_usd}): the truth assumes Vigil's default, which no test
     * changes.
     */
    public static final List<Double> DEFAULT_COST_BUCKETS = List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
            0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0, 100.0);
    public static final Map<String, Double> DEFAULT_POOL_CAPACITIES = Map.of("browser", 20.0);
    public static final String DEFAULT_BROWSER_POOL = "browser";
    public static final int DEFAULT_MAX_SERIES_PER_METRIC = 2_000;

    public TruthSettings {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, not " + partitions);
        }
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(dedupHorizon, "dedupHorizon");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must be >= 0");
        }
        if (dedupHorizon.isNegative() || dedupHorizon.isZero()) {
            throw new IllegalArgumentException("dedupHorizon must be > 0");
        }
        windows = List.copyOf(windows);
        if (windows.isEmpty() || windows.stream().distinct().count() != windows.size()) {
            throw new IllegalArgumentException("windows must be non-empty and distinct: " + windows);
        }
        for (Duration w : windows) {
            if (w.isNegative() || w.isZero() || w.toMillis() % 5 != 0 || w.toNanos() % 1_000_000 != 0) {
                throw new IllegalArgumentException("a window must be a positive multiple of 5 ms: " + w);
            }
        }
        durationBuckets = bounds("durationBuckets", durationBuckets);
        callLatencyBuckets = bounds("callLatencyBuckets", callLatencyBuckets);
        modelPrices = Collections.unmodifiableMap(new TreeMap<>(modelPrices));
        poolCapacities = Collections.unmodifiableMap(new TreeMap<>(poolCapacities));
        for (Map.Entry<String, Double> e : poolCapacities.entrySet()) {
            if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
                throw new IllegalArgumentException("pool " + e.getKey() + " capacity must be finite and >= 0");
            }
        }
        Objects.requireNonNull(browserPool, "browserPool");
        if (maxSeriesPerMetric < 1) {
            throw new IllegalArgumentException("maxSeriesPerMetric must be >= 1, not " + maxSeriesPerMetric);
        }
    }

    private static List<Double> bounds(String name, List<Double> bounds) {
        List<Double> b = List.copyOf(bounds);
        if (b.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < b.size(); i++) {
            double v = b.get(i);
            if (!(v > 0) || Double.isInfinite(v) || (i > 0 && !(v > b.get(i - 1)))) {
                throw new IllegalArgumentException(name + " must be positive, finite and strictly increasing: " + b);
            }
        }
        return b;
    }

    /** Vigil's defaults, for an input topic of {@code partitions} partitions. */
    public static TruthSettings defaults(int partitions) {
        return new TruthSettings(partitions, DEFAULT_GRACE, DEFAULT_DEDUP_HORIZON, DEFAULT_WINDOWS,
                DEFAULT_DURATION_BUCKETS, DEFAULT_CALL_LATENCY_BUCKETS, DEFAULT_MODEL_PRICES, DEFAULT_POOL_CAPACITIES,
                DEFAULT_BROWSER_POOL, DEFAULT_MAX_SERIES_PER_METRIC);
    }

    /** The {@code window} label of a window length, written the Prometheus way ({@code 5m}, {@code 1h}, {@code 1h30m}). */
    public static String windowLabel(Duration w) {
        long ms = w.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long[] units = {365L * 86_400_000L, 7L * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }

    public TruthSettings withPartitions(int v) {
        return new TruthSettings(v, grace, dedupHorizon, windows, durationBuckets, callLatencyBuckets, modelPrices,
                poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withGrace(Duration v) {
        return new TruthSettings(partitions, v, dedupHorizon, windows, durationBuckets, callLatencyBuckets,
                modelPrices, poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withDedupHorizon(Duration v) {
        return new TruthSettings(partitions, grace, v, windows, durationBuckets, callLatencyBuckets, modelPrices,
                poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withWindows(List<Duration> v) {
        return new TruthSettings(partitions, grace, dedupHorizon, v, durationBuckets, callLatencyBuckets,
                modelPrices, poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withDurationBuckets(List<Double> v) {
        return new TruthSettings(partitions, grace, dedupHorizon, windows, v, callLatencyBuckets, modelPrices,
                poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withCallLatencyBuckets(List<Double> v) {
        return new TruthSettings(partitions, grace, dedupHorizon, windows, durationBuckets, v, modelPrices,
                poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withModelPrices(Map<String, ModelPrice> v) {
        return new TruthSettings(partitions, grace, dedupHorizon, windows, durationBuckets, callLatencyBuckets, v,
                poolCapacities, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withPoolCapacities(Map<String, Double> v) {
        return new TruthSettings(partitions, grace, dedupHorizon, windows, durationBuckets, callLatencyBuckets,
                modelPrices, v, browserPool, maxSeriesPerMetric);
    }

    public TruthSettings withBrowserPool(String v) {
        return new TruthSettings(partitions, grace, dedupHorizon, windows, durationBuckets, callLatencyBuckets,
                modelPrices, poolCapacities, v, maxSeriesPerMetric);
    }

    public TruthSettings withMaxSeriesPerMetric(int v) {
        return new TruthSettings(partitions, grace, dedupHorizon, windows, durationBuckets, callLatencyBuckets,
                modelPrices, poolCapacities, browserPool, v);
    }

    /** The window lengths in ms, in configuration order. */
    List<Long> windowMillis() {
        List<Long> out = new ArrayList<>();
        windows.forEach(w -> out.add(w.toMillis()));
        return out;
    }
}
