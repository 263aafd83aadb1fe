package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.config.RuleConfig;

import java.util.List;

/**
 * {@code kind: absent}: fires when a group that had updates has none for {@code for} (the absence duration,
 * also the alert's threshold in seconds). The instance remembers when its group was last updated.
 */
record AbsenceCondition(long absenceMs) implements Condition {

    /** An absent rule has no keys beyond those of every rule. */
    static final List<String> KEYS = List.of();

    static Condition parse(RuleConfig c, Metric metric, AggregatesSettings settings, RuleProblems p) {
        int before = p.count();
        if (metric != null && !metric.stored()) {
            p.add("metric", metric.metricName() + " is computed from other series; an absent rule judges a metric "
                    + "that events update (e.g. active_leases, pool_capacity)");
        }
        if (c.forDuration() == null) {
            p.add("for", "required for kind absent: how long the metric must be absent (e.g. 10m)");
        } else if (c.forDuration().isZero()) {
            p.add("for", "must be longer than 0s for kind absent (the absence duration)");
        }
        return p.since(before) ? null : new AbsenceCondition(c.forDuration().toMillis());
    }

    @Override
    public Rule.Kind kind() {
        return Rule.Kind.ABSENT;
    }

    @Override
    public double threshold() {
        return absenceMs / 1000.0;
    }

    /** The absence is the condition's own wait: {@code for} does not delay the firing a second time. */
    @Override
    public long pendingForMs(Rule rule) {
        return 0;
    }

    @Override
    public void feed(Rule rule, AlertInstance inst, List<SeriesUpdate> updates, long eventTimeMs, long nowMs,
                     SeriesView view) {
        long seen = inst.lastSeenMs();
        for (SeriesUpdate u : updates) {
            long t = u instanceof SeriesUpdate.WindowObserve w ? w.eventTimeMs() : eventTimeMs;
            seen = seen == AlertInstance.NONE ? t : Math.max(seen, t);
        }
        inst.lastSeenMs(seen);
    }

    @Override
    public Judgement judge(Rule rule, AlertInstance inst, long nowMs, SeriesView view, AggregatesSettings settings) {
        return judgeAt(rule, inst, nowMs);
    }

    @Override
    public Judgement judgeAt(Rule rule, AlertInstance inst, long dueMs) {
        boolean absent = inst.lastSeenMs() != AlertInstance.NONE && dueMs - inst.lastSeenMs() >= absenceMs;
        return new Judgement(null, null, null, threshold(), absent, absent);
    }

    @Override
    public long nextDue(Rule rule, AlertInstance inst) {
        return inst.state() != AlertInstance.State.FIRING && inst.lastSeenMs() != AlertInstance.NONE
                ? inst.lastSeenMs() + absenceMs : AlertInstance.NONE;
    }
}
