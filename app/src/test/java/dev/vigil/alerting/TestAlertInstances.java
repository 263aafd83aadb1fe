package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;
import java.util.Map;

/**
 * Alert instances in a given state, for the app's unit tests. In the alerting package because only the engine
 * (and its codec) may change an instance; tests of what reads the store need one without running the engine.
 */
public final class TestAlertInstances {
    private TestAlertInstances() {
    }

    public static AlertInstance firing(String rule, Map<String, String> groupLabels, Map<String, String> ruleLabels,
                                       long startedAtMs, long sequence, Double value, double threshold,
                                       Map<String, String> annotations, EventRef trigger) {
        AlertInstance i = new AlertInstance(rule, groupLabels, 0);
        i.state(AlertInstance.State.FIRING);
        i.sequence(sequence);
        i.startedAtMs(startedAtMs);
        i.lastChangeMs(startedAtMs);
        i.judged(value, null, "5m", threshold);
        i.severity("critical");
        java.util.TreeMap<String, String> labels = new java.util.TreeMap<>(ruleLabels);
        labels.putAll(groupLabels);
        i.labels(labels);
        i.annotations(annotations);
        i.trigger(trigger);
        return i;
    }

    /** The instance after its resolution at {@code resolvedAtMs}, as the engine leaves it. */
    public static AlertInstance resolved(AlertInstance firing, long resolvedAtMs) {
        AlertInstance i = firing.copy();
        i.sequence(firing.sequence() + 1);
        i.state(AlertInstance.State.INACTIVE);
        i.startedAtMs(AlertInstance.NONE);
        i.lastChangeMs(resolvedAtMs);
        return i;
    }
}
