package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.render.MetricsSnapshotter;
import dev.vigil.config.RuleConfig;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One validated alert rule of {@code alerts.rules} (docs/alerting.md), as {@link Rules#parse} builds it: what
 * every rule has (name, metric, group_by, {@code for}, {@code keep_firing_for}, severity, labels, annotations)
 * and its {@link Condition}, the part its kind owns. The kind's facts ({@link #op()}, {@link #windowMs()},
 * {@link #burnWindows()}...) read through the condition and hold their neutral value (0, empty, null) for
 * kinds that have none. Durations are in milliseconds.
 *
 * @param name            unique, {@code [A-Za-z][A-Za-z0-9_]*}
 * @param metric          the judged metric
 * @param groupBy         one alert instance per distinct value set of these labels (key labels of the metric)
 * @param condition       what the kind judges
 * @param forMs           how long the condition must hold before firing; for absent, the absence duration
 * @param keepFiringForMs how long the condition must stay clear before resolving
 * @param severity        info, warning or critical
 * @param labels          extra labels of every alert of the rule (never a group_by label)
 * @param annotations     templates rendered on each transition ({@link Templates})
 */
public record Rule(String name, Metric metric, List<Label> groupBy, Condition condition, long forMs,
                   long keepFiringForMs, Severity severity, SortedMap<String, String> labels,
                   SortedMap<String, String> annotations) {

    /**
     * The rule kinds of docs/alerting.md, and the registry of their parsers: a new kind is a {@link Condition}
     * with a parser and one constant here.
     */
    public enum Kind {
        THRESHOLD("threshold", ThresholdCondition.KEYS, ThresholdCondition::parse),
        ABSENT("absent", AbsenceCondition.KEYS, AbsenceCondition::parse),
        BURN_RATE("burn_rate", BurnRateCondition.KEYS, BurnRateCondition::parse);

        private final String wireName;
        private final List<String> keys;
        private final Parser parser;

        Kind(String wireName, List<String> keys, Parser parser) {
            this.wireName = wireName;
            this.keys = keys;
            this.parser = parser;
        }

        public String wireName() {
            return wireName;
        }

        /** The keys of {@code alerts.rules} that only this kind has (beyond those of every rule). */
        List<String> keys() {
            return keys;
        }

        Condition parse(RuleConfig config, Metric metric, AggregatesSettings settings, RuleProblems problems) {
            return parser.parse(config, metric, settings, problems);
        }
    }

    /**
     * Reads a kind's fields of a rule; reports every problem and returns null when there is one.
     * {@code metric} is null when it is unknown (the kind then checks what does not depend on it).
     */
    @FunctionalInterface
    interface Parser {
        Condition parse(RuleConfig config, Metric metric, AggregatesSettings settings, RuleProblems problems);
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
        Objects.requireNonNull(metric, "metric");
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(severity, "severity");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        if (forMs < 0 || keepFiringForMs < 0) {
            throw new IllegalArgumentException("negative duration in rule " + name);
        }
    }

    /** threshold, absent or burn_rate. */
    public Kind kind() {
        return condition.kind();
    }

    /** {@link Function#INCREASE} for a counter's increase over {@link #windowMs()}. */
    public Function function() {
        return condition.function();
    }

    /** The ratio window (one of {@code aggregates.windows}) or the increase window; 0 if none. */
    public long windowMs() {
        return condition.windowMs();
    }

    /** The comparison (threshold rules; null otherwise). */
    public Op op() {
        return condition.op();
    }

    /** Fires when {@code value op threshold} (threshold rules); for absent, the absence in seconds. */
    public double threshold() {
        return condition.threshold();
    }

    /** Keeps firing while {@code value op resolveThreshold}; on the clear side of the threshold. */
    public double resolveThreshold() {
        return condition.resolveThreshold();
    }

    /** Ratios: fewer observations in the window are not judged (the value counts as absent). */
    public long minSamples() {
        return condition.minSamples();
    }

    /** burn_rate: the SLO objective in (0, 1); 0 otherwise. */
    public double objective() {
        return condition.objective();
    }

    /** burn_rate: the window pairs; empty otherwise. */
    public List<BurnWindow> burnWindows() {
        return condition.burnWindows();
    }

    /** True when the rule judges a windowed ratio's series directly (a threshold on a ratio metric). */
    public boolean judgesRatioSeries() {
        return kind() == Kind.THRESHOLD && metric.type() == MetricType.RATIO;
    }

    /** The {@code window} of the alert data: the ratio or increase window ({@code 5m}); null when none. */
    public String windowLabel() {
        return windowMs() == 0 ? null : MetricsSnapshotter.windowLabel(windowMs());
    }

    /**
     * The burn-rate resolution: a fifth of the shortest short window (at least 1 ms). Every window
     * of the rule is counted in buckets of this width.
     */
    public long burnResolutionMs() {
        long shortest = Long.MAX_VALUE;
        for (BurnWindow w : burnWindows()) {
            shortest = Math.min(shortest, w.shortMs());
        }
        return shortest == Long.MAX_VALUE ? 0 : Math.max(1, shortest / 5);
    }

    /** How many burn-rate buckets an instance keeps: enough for the longest long window. */
    public int burnRetentionBuckets() {
        long r = burnResolutionMs();
        long longest = 0;
        for (BurnWindow w : burnWindows()) {
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
     * the engine resolves it (if firing) and forgets it. Stored in every instance: its text must not change.
     */
    public long stateShape() {
        StringBuilder b = new StringBuilder();
        b.append(kind().wireName()).append('\n').append(metric.metricName()).append('\n');
        for (String l : groupByNames().stream().sorted().toList()) {
            b.append(l).append(',');
        }
        b.append('\n').append(function().wireName()).append('\n').append(windowMs()).append('\n');
        for (BurnWindow w : burnWindows()) {
            b.append(w.longMs()).append('/').append(w.shortMs()).append('/').append(w.factor()).append(';');
        }
        return Fingerprints.hash64(b.toString());
    }
}
