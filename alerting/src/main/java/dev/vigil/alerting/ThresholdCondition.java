package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import dev.vigil.config.RuleConfig;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code kind: threshold}: the metric's value against a threshold. A counter or gauge is the sum over the
 * group's series; a ratio is judged over its window ({@code window}, one of {@code aggregates.windows}) once it
 * has {@code min_samples} observations; a pool metric is computed from active_leases and pool_capacity as the
 * scrape shows it. With {@code function: increase} the rule is an {@link IncreaseCondition} instead.
 */
record ThresholdCondition(Rule.Op op, double threshold, double resolveThreshold, long windowMs, long minSamples)
        implements Condition {

    /** The keys of a threshold rule, beyond those of every rule ({@code function} included). */
    static final List<String> KEYS = List.of("window", "function", "op", "threshold", "resolve_threshold",
            "min_samples");

    static Condition parse(RuleConfig c, Metric metric, AggregatesSettings settings, RuleProblems p) {
        int before = p.count();
        if (metric != null && metric.type() == MetricType.HISTOGRAM) {
            p.add("metric", metric.metricName() + " is a histogram; a threshold rule judges a counter, gauge, ratio "
                    + "or pool metric");
            metric = null;
        }
        if (c.function() != null) {
            if (c.function().equals(Rule.Function.INCREASE.wireName())) {
                return IncreaseCondition.parse(c, metric, p);
            }
            p.add("function", "'" + c.function() + "' is not one of increase");
        }
        long windowMs = metric == null ? 0 : window(c, metric, settings, p);
        Comparison comparison = Comparison.parse(c, p);
        long minSamples = minSamples(c, metric, p);
        if (p.since(before) || metric == null) {
            return null;
        }
        return new ThresholdCondition(comparison.op(), comparison.threshold(), comparison.resolveThreshold(),
                windowMs, minSamples);
    }

    private static long window(RuleConfig c, Metric metric, AggregatesSettings settings, RuleProblems p) {
        if (metric.type() != MetricType.RATIO) {
            if (c.window() != null) {
                p.add("window", "applies to ratio metrics and to function: increase only; " + metric.metricName()
                        + " is a " + Rules.typeName(metric));
            }
            return 0;
        }
        String configured = settings.windowsMs().stream().map(Rules::durationText).collect(Collectors.joining(", "));
        if (c.window() == null) {
            p.add("window", "required for ratio metric " + metric.metricName() + " (one of " + configured + ")");
            return 0;
        }
        long ms = c.window().toMillis();
        if (!settings.windowsMs().contains(ms)) {
            p.add("window", "'" + Rules.durationText(ms) + "' is not one of the configured windows " + configured
                    + " (aggregates.windows)");
            return 0;
        }
        return ms;
    }

    /** {@code min_samples}, which only ratios have; 0 when not given. */
    static long minSamples(RuleConfig c, Metric metric, RuleProblems p) {
        if (c.minSamples() == null) {
            return 0;
        }
        if (metric != null && metric.type() != MetricType.RATIO) {
            p.add("min_samples", "applies to ratio metrics only; " + metric.metricName() + " is a "
                    + Rules.typeName(metric));
            return 0;
        }
        return c.minSamples();
    }

    @Override
    public Rule.Kind kind() {
        return Rule.Kind.THRESHOLD;
    }

    private static boolean pooled(Metric metric) {
        return metric == Metric.LEASE_UTILIZATION || metric == Metric.BROWSER_POOL_AVAILABLE;
    }

    @Override
    public Set<Metric> watched(Rule rule) {
        return pooled(rule.metric()) ? EnumSet.of(Metric.ACTIVE_LEASES, Metric.POOL_CAPACITY)
                : EnumSet.of(rule.metric());
    }

    @Override
    public SortedMap<String, String> groupOf(Rule rule, SeriesKey key, AggregatesSettings settings) {
        if (key.metric() == rule.metric()) {
            return Condition.super.groupOf(rule, key, settings);
        }
        if (!watched(rule).contains(key.metric())) {
            return null;
        }
        // A pool metric computed from active_leases and pool_capacity: the pool is the only label.
        SortedMap<String, String> group = new TreeMap<>();
        String pool = key.labelValue(Label.POOL);
        if (rule.metric() == Metric.BROWSER_POOL_AVAILABLE) {
            return pool.equals(settings.browserPool()) ? group : null;
        }
        for (Label l : rule.groupBy()) {
            group.put(l.wireName(), pool);
        }
        return group;
    }

    @Override
    public Judgement judge(Rule rule, AlertInstance inst, long nowMs, SeriesView view, AggregatesSettings settings) {
        if (rule.metric().type() == MetricType.RATIO) {
            return judgeRatio(rule, inst.groupLabels(), view);
        }
        Double value = switch (rule.metric()) {
            case LEASE_UTILIZATION, BROWSER_POOL_AVAILABLE, POOL_CAPACITY ->
                    GroupValues.poolValue(rule.metric(), inst.groupLabels(), view, settings);
            default -> GroupValues.storedSum(rule.metric(), inst.groupLabels(), view);
        };
        return comparison().judge(value, null, null, value != null);
    }

    private Judgement judgeRatio(Rule rule, SortedMap<String, String> group, SeriesView view) {
        OptionalLong clock = view.clockMs(rule.metric());
        long successes = 0;
        long total = 0;
        if (clock.isPresent()) {
            for (Map.Entry<SeriesKey, SeriesValue> e : GroupValues.matching(rule.metric(), group, view)) {
                if (e.getValue() instanceof WindowRatio wr) {
                    WindowRatio.Counts c = wr.counts(windowMs, clock.getAsLong());
                    successes += c.successes();
                    total += c.total();
                }
            }
        }
        Double value = total == 0 ? null : (double) successes / total;
        return comparison().judge(value, total, rule.windowLabel(), total > 0 && total >= minSamples);
    }

    private Comparison comparison() {
        return new Comparison(op, threshold, resolveThreshold);
    }

    @Override
    public long slideResolutionMs(Rule rule) {
        return rule.metric().type() == MetricType.RATIO ? WindowRatio.bucketWidthMs(windowMs) : 0;
    }
}
