package dev.vigil.alerting;

import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.render.MetricsSnapshotter;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One validated alert rule of {@code alerts.rules} (docs/alerting.md), as {@link Rules#parse} builds it.
 * Durations are in milliseconds; fields that a kind does not use hold their neutral value (0, empty,
 * null), as documented per component.
 *
 * @param name             unique, {@code [A-Za-z][A-Za-z0-9_]*}
 * @param kind             threshold, absent or burn_rate
 * @param metric           the judged metric
 * @param groupBy          one alert instance per distinct value set of these labels (key labels of the metric)
 * @param function         {@link Function#INCREASE} for a counter's increase over {@code windowMs}
 * @param windowMs         the ratio window (one of {@code aggregates.windows}) or the increase window; 0 if none
 * @param op               the comparison (threshold rules; null otherwise)
 * @param threshold        fires when {@code value op threshold} (threshold rules); for absent, the absence in seconds
 * @param resolveThreshold keeps firing while {@code value op resolveThreshold}; on the clear side of the threshold
 * @param minSamples       ratios: fewer observations in the window are not judged (the value counts as absent)
 * @param forMs            how long the condition must hold before firing; for absent, the absence duration
 * @param keepFiringForMs  how long the condition must stay clear before resolving
 * @param severity         info, warning or critical
 * @param labels           extra labels of every alert of the rule (never a group_by label)
 * @param annotations      templates rendered on each transition ({@link Templates})
 * @param objective        burn_rate: the SLO objective in (0, 1); 0 otherwise
 * @param burnWindows      burn_rate: the window pairs; empty otherwise
 */
public record Rule(String name, Kind kind, Metric metric, List<Label> groupBy, Function function, long windowMs,
                   Op op, double threshold, double resolveThreshold, long minSamples, long forMs,
                   long keepFiringForMs, Severity severity, SortedMap<String, String> labels,
                   SortedMap<String, String> annotations, double objective, List<BurnWindow> burnWindows) {

    /** The rule kinds of docs/alerting.md. */
    public enum Kind {
        THRESHOLD("threshold"), ABSENT("absent"), BURN_RATE("burn_rate");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** What a threshold rule compares: the metric's value, or a counter's increase over the window. */
    public enum Function {
        VALUE("value"), INCREASE("increase");

        private final String wireName;

        Function(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The comparison of a threshold rule. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** {@code value op bound}. */
        public boolean test(double value, double bound) {
            return switch (this) {
                case LT -> value < bound;
                case LE -> value <= bound;
                case GT -> value > bound;
                case GE -> value >= bound;
            };
        }

        /** True for {@code <} and {@code <=}: the rule fires on low values. */
        public boolean below() {
            return this == LT || this == LE;
        }
    }

    /** The severity of a rule's alerts. */
    public enum Severity {
        INFO("info"), WARNING("warning"), CRITICAL("critical");

        private final String wireName;

        Severity(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One multiwindow pair of a burn-rate rule: it breaches when the error rate over the long window
     * and over the short window both exceed {@code factor × (1 − objective)}.
     */
    public record BurnWindow(long longMs, long shortMs, double factor) {
        public BurnWindow {
            if (shortMs <= 0 || longMs <= shortMs) {
                throw new IllegalArgumentException("burn window needs 0 < short < long: " + shortMs + ", " + longMs);
            }
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("burn factor must be positive: " + factor);
            }
        }
    }

    /** The window pairs of the SRE workbook: 1h/5m at 14.4× and 6h/30m at 6×. */
    public static final List<BurnWindow> DEFAULT_BURN_WINDOWS = List.of(
            new BurnWindow(3_600_000L, 300_000L, 14.4),
            new BurnWindow(21_600_000L, 1_800_000L, 6.0));

    public Rule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(severity, "severity");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        burnWindows = List.copyOf(burnWindows);
        if (kind == Kind.THRESHOLD) {
            Objects.requireNonNull(op, "op");
        }
        if (kind == Kind.BURN_RATE && burnWindows.isEmpty()) {
            throw new IllegalArgumentException("a burn_rate rule needs window pairs");
        }
        if (forMs < 0 || keepFiringForMs < 0 || windowMs < 0 || minSamples < 0) {
            throw new IllegalArgumentException("negative duration or count in rule " + name);
        }
    }

    /** True when the rule judges a windowed ratio's series directly (a threshold on a ratio metric). */
    public boolean judgesRatioSeries() {
        return kind == Kind.THRESHOLD && metric.type() == MetricType.RATIO;
    }

    /** The {@code window} of the alert data: the ratio or increase window ({@code 5m}); null when none. */
    public String windowLabel() {
        return windowMs == 0 ? null : MetricsSnapshotter.windowLabel(windowMs);
    }

    /**
     * The burn-rate resolution: a fifth of the shortest short window (at least 1 ms). Every window
     * of the rule is counted in buckets of this width.
     */
    public long burnResolutionMs() {
        long shortest = Long.MAX_VALUE;
        for (BurnWindow w : burnWindows) {
            shortest = Math.min(shortest, w.shortMs());
        }
        return shortest == Long.MAX_VALUE ? 0 : Math.max(1, shortest / 5);
    }

    /** How many burn-rate buckets an instance keeps: enough for the longest long window. */
    public int burnRetentionBuckets() {
        long r = burnResolutionMs();
        long longest = 0;
        for (BurnWindow w : burnWindows) {
            longest = Math.max(longest, w.longMs());
        }
        return r == 0 ? 0 : (int) (longest / r);
    }

    /** The labels of group_by as Prometheus label names, in rule order. */
    public List<String> groupByNames() {
        return groupBy.stream().map(Label::wireName).toList();
    }

    /**
     * A hash of what an instance's state depends on (kind, metric, group_by, function, window, burn
     * windows). An instance stored under another shape is left over from an earlier configuration:
     * the engine resolves it (if firing) and forgets it.
     */
    public long stateShape() {
        StringBuilder b = new StringBuilder();
        b.append(kind.wireName()).append('\n').append(metric.metricName()).append('\n');
        for (String l : groupByNames().stream().sorted().toList()) {
            b.append(l).append(',');
        }
        b.append('\n').append(function.wireName()).append('\n').append(windowMs).append('\n');
        for (BurnWindow w : burnWindows) {
            b.append(w.longMs()).append('/').append(w.shortMs()).append('/').append(w.factor()).append(';');
        }
        return Fingerprints.hash64(b.toString());
    }
}
