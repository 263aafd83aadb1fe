package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one kind of rule judges (docs/alerting.md, "Rule kinds"): the part of a {@link Rule} its kind owns. A
 * condition says which series updates concern the rule, keeps its own per-instance windows up to date, judges a
 * value against its threshold, and says when time alone could change that judgement. The {@link AlertEngine}
 * keeps the state machine around it (pending, firing, {@code for}, {@code keep_firing_for}, hysteresis).
 *
 * <p>A new kind is a new implementation with a parser ({@link Rule.Parser}) and one constant of {@link Rule.Kind}.
 * Its facts below default to their neutral value; an implementation that is a record with components of the same
 * names provides them.
 */
public interface Condition {

    /** The kind, whose wire name is the rule's {@code kind}. */
    Rule.Kind kind();

    /** What a threshold compares: the value, or a counter's increase. */
    default Rule.Function function() {
        return Rule.Function.VALUE;
    }

    /** The ratio or increase window; 0 if none. */
    default long windowMs() {
        return 0;
    }

    /** The comparison; null for kinds without one. */
    default Rule.Op op() {
        return null;
    }

    /** The threshold of the alert data. */
    default double threshold() {
        return 0;
    }

    /** The bound a firing alert is held against (hysteresis). */
    default double resolveThreshold() {
        return threshold();
    }

    /** Ratios: the fewest observations a judged window needs. */
    default long minSamples() {
        return 0;
    }

    /** burn_rate: the SLO objective; 0 otherwise. */
    default double objective() {
        return 0;
    }

    /** burn_rate: the window pairs; empty otherwise. */
    default List<Rule.BurnWindow> burnWindows() {
        return List.of();
    }

    // ---- what the engine asks ---------------------------------------------------------------------------

    /** The metrics whose updates can change the rule's value. */
    default Set<Metric> watched(Rule rule) {
        return EnumSet.of(rule.metric());
    }

    /**
     * The group labels of the rule's instance that an update of this series ({@link SeriesKey.Kind#SERIES} of a
     * watched metric) concerns; null if none.
     */
    default SortedMap<String, String> groupOf(Rule rule, SeriesKey key, AggregatesSettings settings) {
        if (key.metric() != rule.metric()) {
            return null;
        }
        SortedMap<String, String> group = new TreeMap<>();
        for (Label l : rule.groupBy()) {
            group.put(l.wireName(), key.labelValue(l));
        }
        return group;
    }

    /** How long a breach must last before firing: {@code for}, unless the kind's condition already waited. */
    default long pendingForMs(Rule rule) {
        return rule.forMs();
    }

    /** Records a group's updates in the instance's own windows (before {@link #judge}); most kinds keep none. */
    default void feed(Rule rule, AlertInstance inst, List<SeriesUpdate> updates, long eventTimeMs, long nowMs,
                      SeriesView view) {
    }

    /** Judges the instance's group now, after an update. */
    Judgement judge(Rule rule, AlertInstance inst, long nowMs, SeriesView view, AggregatesSettings settings);

    /**
     * The earliest time at which the judgement could change without an update (an absence reached, a bucket
     * leaving a window); {@link AlertInstance#NONE} if never.
     */
    default long nextDue(Rule rule, AlertInstance inst) {
        return AlertInstance.NONE;
    }

    /** Judges the instance at a due time, with no update; by default the stored judgement stands. */
    default Judgement judgeAt(Rule rule, AlertInstance inst, long dueMs) {
        return Judgement.stored(inst);
    }

    /**
     * For a rule whose windows slide with its metric's clock: the width of a clock bucket (every group is judged
     * again when the clock enters a new one); 0 for rules whose value the clock does not move.
     */
    default long slideResolutionMs(Rule rule) {
        return 0;
    }

    /**
     * Whether the groups to judge again when the clock slides are those of the rule's stored instances (windows
     * kept per instance) rather than those of the metric's series.
     */
    default boolean slidesStoredGroups() {
        return false;
    }
}
