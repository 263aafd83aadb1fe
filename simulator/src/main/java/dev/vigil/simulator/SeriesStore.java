package dev.vigil.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The series stage of the truth (docs/aggregates.md): metric series by label set, with the cardinality cap, the
 * windowed ratios and the histograms, and the derived pool gauges computed at exposition. Sums are exact
 * ({@link BigDecimal}); a value is rounded to a double only when exposed. Not thread-safe.
 */
final class SeriesStore {

    /** The label values a capped label set loses. */
    static final Set<String> FOLDABLE = Set.of("agent_name", "capability", "model_name", "pool");
    static final String OTHER = "__other__";

    /** A counter or gauge value. */
    private static final class Scalar {
        BigDecimal value = BigDecimal.ZERO;
    }

    private static final class Histogram {
        final double[] bounds;
        final long[] perBucket; // index bounds.length = above the last bound
        long count;
        BigDecimal sum = BigDecimal.ZERO;

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.perBucket = new long[bounds.length + 1];
        }

        void observe(double v, BigDecimal exact) {
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            perBucket[i]++;
            count++;
            sum = sum.add(exact);
        }
    }

    /** One ratio series of one window: buckets of width {@code window/5} keyed by floor(t / width). */
    private static final class Ratio {
        final long width;
        final TreeMap<Long, long[]> buckets = new TreeMap<>(); // {successes, observations}

        Ratio(long windowMs) {
            this.width = windowMs / 5;
        }
    }

    private final int cap;
    /** metric → label set (sorted map) → Scalar | Histogram | Ratio, in creation order. */
    private final Map<String, Map<Map<String, String>, Object>> series = new LinkedHashMap<>();
    /** Ratio metric → its clock: the largest event time of all its observations. */
    private final Map<String, Long> clocks = new HashMap<>();

    SeriesStore(int cap) {
        this.cap = cap;
    }

    static Map<String, String> labels(String... kv) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    /** The label set an update of {@code labels} lands on, under the cardinality cap. */
    private Map<String, String> resolve(Map<Map<String, String>, Object> m, Map<String, String> labels) {
        if (m.containsKey(labels) || m.size() < cap) {
            return labels;
        }
        Map<String, String> folded = new TreeMap<>(labels);
        folded.replaceAll((k, v) -> FOLDABLE.contains(k) ? OTHER : v);
        return folded;
    }

    private Object series(String metric, Map<String, String> labels, Supplier<Object> create) {
        Map<Map<String, String>, Object> m = series.computeIfAbsent(metric, k -> new LinkedHashMap<>());
        Map<String, String> target = resolve(m, labels);
        return m.computeIfAbsent(Collections.unmodifiableMap(new TreeMap<>(target)), k -> create.get());
    }

    /** Adds {@code delta} to a counter or gauge (creating the series at 0 first). */
    void add(String metric, Map<String, String> labels, BigDecimal delta) {
        Scalar s = (Scalar) series(metric, labels, Scalar::new);
        s.value = s.value.add(delta);
    }

    void add(String metric, Map<String, String> labels, long delta) {
        add(metric, labels, BigDecimal.valueOf(delta));
    }

    /** Sets a gauge. */
    void set(String metric, Map<String, String> labels, BigDecimal value) {
        Scalar s = (Scalar) series(metric, labels, Scalar::new);
        s.value = value;
    }

    /**
     * Observes a value in a histogram: {@code v} places it in the buckets (as Vigil would, a double), {@code exact}
     * is added to {@code _sum}.
     */
    void observe(String metric, Map<String, String> labels, List<Double> bounds, double v, BigDecimal exact) {
        Histogram h = (Histogram) series(metric, labels, () -> {
            double[] b = new double[bounds.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = bounds.get(i);
            }
            return new Histogram(b);
        });
        h.observe(v, exact);
    }

    /** One observation of a windowed ratio at event time {@code t}, in every window (in configuration order). */
    void ratio(String metric, Map<String, String> labels, List<Duration> windows, long t,
               boolean success) {
        long clock = clocks.merge(metric, t, Math::max);
        for (Duration w : windows) {
            Map<String, String> l = new TreeMap<>(labels);
            l.put("window", TruthSettings.windowLabel(w));
            long ms = w.toMillis();
            Ratio r = (Ratio) series(metric, l, () -> new Ratio(ms));
            long[] b = r.buckets.computeIfAbsent(Math.floorDiv(t, r.width), k -> new long[2]);
            if (success) {
                b[0]++;
            }
            b[1]++;
            // Buckets before the window of the clock can never count again.
            long oldest = Math.floorDiv(clock, r.width) - 4;
            while (!r.buckets.isEmpty() && r.buckets.firstKey() < oldest) {
                r.buckets.pollFirstEntry();
            }
        }
    }

    /** Whether the metric has a series (after the cap) with exactly these labels. */
    boolean has(String metric, Map<String, String> labels) {
        return series.getOrDefault(metric, Map.of()).containsKey(labels);
    }

    /** The scalar value of a series, or null. */
    BigDecimal value(String metric, Map<String, String> labels) {
        Object o = series.getOrDefault(metric, Map.of()).get(labels);
        return o instanceof Scalar s ? s.value : null;
    }

    /** The label sets of a metric's series. */
    Set<Map<String, String>> labelSets(String metric) {
        return series.getOrDefault(metric, Map.of()).keySet();
    }

    /** Every sample, by sample key; see {@link PrometheusSamples}. */
    Map<String, Double> samples() {
        Map<String, Double> out = new TreeMap<>();
        series.forEach((metric, m) -> m.forEach((labels, v) -> {
            if (v instanceof Scalar s) {
                out.put(PrometheusSamples.key(metric, labels), s.value.doubleValue());
            } else if (v instanceof Histogram h) {
                long cumulative = 0;
                for (int i = 0; i <= h.bounds.length; i++) {
                    cumulative += h.perBucket[i];
                    Map<String, String> l = new TreeMap<>(labels);
                    l.put("le", PrometheusSamples.le(i < h.bounds.length ? h.bounds[i] : Double.POSITIVE_INFINITY));
                    out.put(PrometheusSamples.key(metric + "_bucket", l), (double) cumulative);
                }
                out.put(PrometheusSamples.key(metric + "_count", labels), (double) h.count);
                out.put(PrometheusSamples.key(metric + "_sum", labels), h.sum.doubleValue());
            } else if (v instanceof Ratio r) {
                long end = Math.floorDiv(clocks.get(metric), r.width);
                long ok = 0;
                long all = 0;
                for (long[] b : r.buckets.subMap(end - 4, true, end, true).values()) {
                    ok += b[0];
                    all += b[1];
                }
                if (all > 0) {
                    out.put(PrometheusSamples.key(metric, labels), (double) ok / all);
                }
            }
        }));
        return out;
    }
}
