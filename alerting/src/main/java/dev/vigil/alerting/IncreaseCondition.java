package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.WindowRatio;
import dev.vigil.config.RuleConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * {@code kind: threshold} with {@code function: increase}: a counter's increase over {@code window} against a
 * threshold. The instance keeps the group's increments in buckets of a fifth of the window, so the window
 * slides with the stream time even when nothing is counted.
 */
record IncreaseCondition(Rule.Op op, double threshold, double resolveThreshold, long windowMs) implements Condition {

    /** Read by {@link ThresholdCondition#parse} when the rule says {@code function: increase}. */
    static Condition parse(RuleConfig c, Metric metric, RuleProblems p) {
        int before = p.count();
        if (metric != null && metric.type() != MetricType.COUNTER) {
            p.add("function", "increase applies to counters; " + metric.metricName() + " is a "
                    + Rules.typeName(metric));
            metric = null;
        }
        long windowMs = 0;
        if (metric != null) {
            if (c.window() == null) {
                p.add("window", "required for function increase (e.g. 1h)");
            } else if (c.window().isZero()) {
                p.add("window", "must be longer than 0s");
            } else {
                windowMs = c.window().toMillis();
            }
        }
        Comparison comparison = Comparison.parse(c, p);
        ThresholdCondition.minSamples(c, metric, p);
        if (p.since(before) || metric == null) {
            return null;
        }
        return new IncreaseCondition(comparison.op(), comparison.threshold(), comparison.resolveThreshold(), windowMs);
    }

    @Override
    public Rule.Kind kind() {
        return Rule.Kind.THRESHOLD;
    }

    @Override
    public Rule.Function function() {
        return Rule.Function.INCREASE;
    }

    @Override
    public void feed(Rule rule, AlertInstance inst, List<SeriesUpdate> updates, long eventTimeMs, long nowMs,
                     SeriesView view) {
        long width = WindowRatio.bucketWidthMs(windowMs);
        long oldest = Math.floorDiv(nowMs, width) - (WindowRatio.BUCKETS_PER_WINDOW - 1);
        TreeMap<Long, Double> buckets = new TreeMap<>();
        inst.deltas().forEach(b -> buckets.put(b.index(), b.sum()));
        for (SeriesUpdate u : updates) {
            long index = Math.floorDiv(eventTimeMs, width);
            if (u instanceof SeriesUpdate.Add add && index >= oldest) {
                buckets.merge(index, add.delta(), Double::sum);
            }
        }
        inst.deltas(buckets.entrySet().stream()
                .map(e -> new AlertInstance.DeltaBucket(e.getKey(), e.getValue())).toList());
    }

    @Override
    public Judgement judge(Rule rule, AlertInstance inst, long nowMs, SeriesView view, AggregatesSettings settings) {
        return judgeAt(rule, inst, nowMs);
    }

    /** The increase over the window ending at {@code dueMs}; buckets that left the window are dropped. */
    @Override
    public Judgement judgeAt(Rule rule, AlertInstance inst, long dueMs) {
        long width = WindowRatio.bucketWidthMs(windowMs);
        long last = Math.floorDiv(dueMs, width);
        long oldest = last - (WindowRatio.BUCKETS_PER_WINDOW - 1);
        List<AlertInstance.DeltaBucket> kept = new ArrayList<>();
        double sum = 0;
        for (AlertInstance.DeltaBucket b : inst.deltas()) {
            if (b.index() >= oldest) {
                kept.add(b);
                if (b.index() <= last) {
                    sum += b.sum();
                }
            }
        }
        if (kept.size() != inst.deltas().size()) {
            inst.deltas(kept);
        }
        return new Comparison(op, threshold, resolveThreshold).judge(sum, null, rule.windowLabel(), true);
    }

    @Override
    public long nextDue(Rule rule, AlertInstance inst) {
        if (inst.deltas().isEmpty()) {
            return AlertInstance.NONE;
        }
        // The oldest bucket leaves the window when the window's last bucket is 5 further.
        long width = WindowRatio.bucketWidthMs(windowMs);
        return (inst.deltas().get(0).index() + WindowRatio.BUCKETS_PER_WINDOW) * width;
    }
}
