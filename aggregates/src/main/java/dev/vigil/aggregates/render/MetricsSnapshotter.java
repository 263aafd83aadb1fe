package dev.vigil.aggregates.render;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.HistogramBounds;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import dev.vigil.config.Durations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Turns the series-store entries an instance owns into {@link MetricFamilySnapshot}s: counters and
 * gauges as they are, histograms with cumulative buckets, ratios per configured window at the
 * metric's clock, and the derived pool metrics ({@link PoolMetrics}). Bookkeeping entries (clocks,
 * series counts) are read but never shown.
 */
public final class MetricsSnapshotter {
    private static final Comparator<MetricSample> BY_LABELS = (a, b) -> {
        List<String> x = a.labelValues();
        List<String> y = b.labelValues();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            int c = x.get(i).compareTo(y.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.size(), y.size());
    };

    private final AggregatesSettings settings;
    private final List<String> windowLabels;

    public MetricsSnapshotter(AggregatesSettings settings) {
        this.settings = settings;
        this.windowLabels = settings.windowsMs().stream().map(ms -> Durations.format(Duration.ofMillis(ms))).toList();
    }

    /** The {@code window} label value of a window length: {@code 5m}, {@code 1h}. */
    public static String windowLabel(long windowLengthMs) {
        return Durations.format(Duration.ofMillis(windowLengthMs));
    }

    /**
     * One family per catalogue metric of the given groups, in catalogue order (a family may have no
     * sample). Entries of other groups are ignored.
     *
     * @param entries the series-store entries of this instance (any order)
     * @param groups  the groups this instance exposes: those whose series-stage partition it owns.
     *                The configured pool capacities are shown by the owner of {@code pools} only.
     * @throws IllegalStateException when an entry holds a value of the wrong kind for its metric, or
     *                               a histogram whose bucket count differs from the configured bounds
     */
    public List<MetricFamilySnapshot> snapshot(Iterable<? extends Map.Entry<SeriesKey, SeriesValue>> entries,
                                               Set<MetricGroup> groups) {
        Map<Metric, List<MetricSample>> samples = new EnumMap<>(Metric.class);
        Map<Metric, Long> clocks = new EnumMap<>(Metric.class);
        List<Map.Entry<SeriesKey, WindowRatio>> ratios = new ArrayList<>();
        Map<String, Double> reportedCapacity = new HashMap<>();
        Map<String, Double> reportedHealthy = new HashMap<>();
        Map<String, Double> activeLeases = new HashMap<>();

        for (Map.Entry<SeriesKey, SeriesValue> e : entries) {
            SeriesKey key = e.getKey();
            SeriesValue value = e.getValue();
            Metric metric = key.metric();
            if (!groups.contains(metric.group())) {
                continue;
            }
            if (key.kind() == SeriesKey.Kind.CLOCK) {
                clocks.put(metric, expect(SeriesValue.Clock.class, key, value).maxEventTimeMs());
                continue;
            }
            if (key.kind() == SeriesKey.Kind.SERIES_COUNT) {
                continue;
            }
            if (isPlain(metric)) {
                add(samples, metric, plainSample(key, value));
                continue;
            }
            switch (metric.type()) {
                case COUNTER, HISTOGRAM -> add(samples, metric, plainSample(key, value));
                case GAUGE -> {
                    double v = expect(SeriesValue.Gauge.class, key, value).value();
                    if (metric == Metric.POOL_HEALTHY) {
                        reportedHealthy.put(key.labelValue(Label.POOL), v);
                    } else {
                        if (metric == Metric.ACTIVE_LEASES) {
                            activeLeases.merge(key.labelValue(Label.POOL), v, Double::sum);
                        }
                        add(samples, metric, new MetricSample.Value(key.labelValues(), v));
                    }
                }
                case RATIO -> ratios.add(Map.entry(key, expect(WindowRatio.class, key, value)));
                case DERIVED -> reportedCapacity.put(key.labelValue(Label.POOL),
                        expect(SeriesValue.Gauge.class, key, value).value());
            }
        }

        for (Map.Entry<SeriesKey, WindowRatio> r : ratios) {
            SeriesKey key = r.getKey();
            long clock = clocks.getOrDefault(key.metric(), r.getValue().maxEventTimeMs());
            for (MetricSample.Value sample : ratioSamples(key, r.getValue(), clock)) {
                if (sample != null) {
                    add(samples, key.metric(), sample);
                }
            }
        }

        if (groups.contains(MetricGroup.POOLS)) {
            PoolMetrics.Derived d = PoolMetrics.derive(reportedCapacity, reportedHealthy,
                    settings.configuredCapacities(), activeLeases, settings.browserPool());
            d.capacity().forEach((pool, v) -> add(samples, Metric.POOL_CAPACITY, new MetricSample.Value(List.of(pool), v)));
            d.healthy().forEach((pool, v) -> add(samples, Metric.POOL_HEALTHY, new MetricSample.Value(List.of(pool), v)));
            d.utilization().forEach((pool, v) ->
                    add(samples, Metric.LEASE_UTILIZATION, new MetricSample.Value(List.of(pool), v)));
            d.browserPoolAvailable().ifPresent(v ->
                    add(samples, Metric.BROWSER_POOL_AVAILABLE, new MetricSample.Value(List.of(), v)));
        }

        List<MetricFamilySnapshot> families = new ArrayList<>();
        for (Metric m : Metric.values()) {
            if (groups.contains(m.group())) {
                List<MetricSample> list = samples.getOrDefault(m, new ArrayList<>());
                list.sort(BY_LABELS);
                families.add(new MetricFamilySnapshot(m, list));
            }
        }
        return List.copyOf(families);
    }

    /**
     * Whether each series of {@code metric} is shown as stored, on its own: a counter, gauge or
     * histogram outside the {@code pools} group (whose gauges feed the derived pool metrics). Such a
     * series' sample depends on its key and value only, never on other entries or a clock, which is
     * what lets {@code /metrics} keep a series' rendered lines until its value changes.
     */
    public static boolean isPlain(Metric metric) {
        return metric.group() != MetricGroup.POOLS && switch (metric.type()) {
            case COUNTER, GAUGE, HISTOGRAM -> true;
            default -> false;
        };
    }

    /**
     * The sample of one series of a counter, gauge or histogram, exactly as {@link #snapshot} shows
     * it (for a metric that {@link #isPlain is plain}).
     *
     * @throws IllegalStateException when the value is of the wrong kind for the metric, or a
     *                               histogram's bucket count differs from the configured bounds
     */
    public MetricSample plainSample(SeriesKey key, SeriesValue value) {
        return switch (key.metric().type()) {
            case COUNTER -> new MetricSample.Value(key.labelValues(), expect(SeriesValue.Counter.class, key, value).value());
            case GAUGE -> new MetricSample.Value(key.labelValues(), expect(SeriesValue.Gauge.class, key, value).value());
            case HISTOGRAM -> histogram(key, expect(Histogram.class, key, value));
            default -> throw new IllegalArgumentException(key.metric().metricName() + " is not a counter, gauge or histogram");
        };
    }

    /**
     * The samples of one series of a ratio, one per configured window in configuration order, as
     * {@link #snapshot} shows them: element {@code i} is the window {@code i}'s ratio at the
     * metric's clock, with the {@code window} label appended, or null when that window saw nothing.
     *
     * @param clock the metric's clock (its {@link SeriesKey#clock clock} entry), or the series' own
     *              latest event time when the store has none
     * @throws IllegalStateException when the value is not a {@link WindowRatio}
     */
    public MetricSample.Value[] ratioSamples(SeriesKey key, SeriesValue value, long clock) {
        WindowRatio r = expect(WindowRatio.class, key, value);
        MetricSample.Value[] samples = new MetricSample.Value[windowLabels.size()];
        for (int i = 0; i < samples.length; i++) {
            OptionalDouble ratio = r.ratio(settings.windowsMs().get(i), clock);
            if (ratio.isPresent()) {
                List<String> labels = new ArrayList<>(key.labelValues());
                labels.add(windowLabels.get(i));
                samples[i] = new MetricSample.Value(labels, ratio.getAsDouble());
            }
        }
        return samples;
    }

    /** The {@code window} label values of the configured windows, in configuration order. */
    public List<String> windowLabels() {
        return windowLabels;
    }

    private MetricSample histogram(SeriesKey key, Histogram h) {
        HistogramBounds bounds = settings.bounds(key.metric().bucketKind().orElseThrow());
        if (h.size() != bounds.size()) {
            throw new IllegalStateException(key.encode() + " has " + h.size() + " buckets but the configured bounds have "
                    + bounds.size() + ": bucket bounds cannot change under existing state");
        }
        return new MetricSample.HistogramValue(key.labelValues(), bounds.asList(),
                Arrays.stream(h.cumulativeCounts()).boxed().toList(), h.sum(), h.count());
    }

    private static void add(Map<Metric, List<MetricSample>> samples, Metric metric, MetricSample sample) {
        samples.computeIfAbsent(metric, m -> new ArrayList<>()).add(sample);
    }

    private static <T extends SeriesValue> T expect(Class<T> type, SeriesKey key, SeriesValue value) {
        if (!type.isInstance(value)) {
            throw new IllegalStateException(key.encode() + " holds a "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + ", expected a "
                    + type.getSimpleName());
        }
        return type.cast(value);
    }
}
