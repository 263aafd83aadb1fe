package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.SeriesValue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Judges the alert rules of one series-stage partition (docs/alerting.md).
 *
 * <p>The topology calls {@link #onUpdates} after each batch of series updates is applied, with the
 * updates as applied (after cardinality folding): only the rules whose metric was touched are judged,
 * and only for the label groups touched (plus, for windowed ratios, every group when the metric's clock
 * enters a new bucket, since that slides every group's window). It calls {@link #onTime} from a
 * stream-time punctuation to run the timers: {@code for}, {@code keep_firing_for}, the absence of
 * {@code absent} rules and the sliding of {@code increase} windows.
 *
 * <p>All state is in the {@link AlertStore}; the engine keeps in memory only which clock bucket it last
 * judged every group of a ratio rule at, which is an optimisation (after a restart it judges all groups
 * once more, which changes nothing). One engine per partition task; not thread-safe.
 */
public final class AlertEngine {
    private static final int MAX_TIMER_STEPS = 64;

    private final List<Rule> rules;
    private final Map<String, Rule> byName = new HashMap<>();
    private final Map<String, Long> shapes = new HashMap<>();
    private final Map<Metric, List<Rule>> byWatchedMetric = new EnumMap<>(Metric.class);
    private final AggregatesSettings settings;
    private final Map<String, Long> judgedClockBucket = new HashMap<>();

    /**
     * @param rules    validated rules ({@link Rules#parse}); names must be unique
     * @param settings the aggregates settings the series were computed with
     */
    public AlertEngine(List<Rule> rules, AggregatesSettings settings) {
        this.rules = List.copyOf(rules);
        this.settings = settings;
        for (Rule r : this.rules) {
            if (byName.put(r.name(), r) != null) {
                throw new IllegalArgumentException("duplicate rule name " + r.name());
            }
            shapes.put(r.name(), r.stateShape());
            for (Metric m : r.condition().watched(r)) {
                byWatchedMetric.computeIfAbsent(m, k -> new ArrayList<>()).add(r);
            }
        }
    }

    /**
     * Judges the rules touched by one applied batch.
     *
     * @param applied      the batch's updates as the series stage applied them (keys after cardinality folding)
     * @param eventTimeMs  the event time of the event behind the batch: the time of update-driven transitions
     * @param streamTimeMs the stream time of the partition (windows of {@code increase} and absences end there)
     * @param trigger      the event behind the batch, carried by the alerts it causes; may be null
     * @param view         the partition's series, the batch already applied
     * @param store        the partition's alert instances
     * @return the transitions, in order
     */
    public List<AlertTransition> onUpdates(List<SeriesUpdate> applied, long eventTimeMs, long streamTimeMs,
                                           EventRef trigger, SeriesView view, AlertStore store) {
        Set<Metric> touched = EnumSet.noneOf(Metric.class);
        for (SeriesUpdate u : applied) {
            touched.add(u.key().metric());
        }
        List<Rule> concerned = new ArrayList<>();
        for (Rule r : rules) {
            for (Metric m : touched) {
                if (byWatchedMetric.getOrDefault(m, List.of()).contains(r)) {
                    concerned.add(r);
                    break;
                }
            }
        }
        List<AlertTransition> out = new ArrayList<>();
        long now = Math.max(eventTimeMs, streamTimeMs);
        for (Rule rule : concerned) {
            Map<SortedMap<String, String>, List<SeriesUpdate>> groups = new LinkedHashMap<>();
            for (SeriesUpdate u : applied) {
                SortedMap<String, String> group = groupOf(rule, u.key());
                if (group != null) {
                    groups.computeIfAbsent(group, g -> new ArrayList<>()).add(u);
                }
            }
            if (groups.isEmpty()) {
                continue;
            }
            for (SortedMap<String, String> g : groupsOfNewClockBucket(rule, view, store)) {
                groups.putIfAbsent(g, List.of());
            }
            for (Map.Entry<SortedMap<String, String>, List<SeriesUpdate>> e : groups.entrySet()) {
                judgeGroup(rule, e.getKey(), e.getValue(), eventTimeMs, now, trigger, view, store, out);
            }
        }
        return out;
    }

    /**
     * Runs the timers of every stored instance up to the stream time: pending instances whose
     * {@code for} has elapsed fire, clearing instances whose {@code keep_firing_for} has elapsed resolve,
     * absent rules fire when the absence reaches their duration, {@code increase} windows slide. A
     * transition due between two calls is stamped with its due time, so the result does not depend on
     * how often this is called. Instances left over from rules no longer configured (or changed in
     * what their state means) are resolved if firing, then forgotten.
     *
     * @return the transitions, by time
     */
    public List<AlertTransition> onTime(long streamTimeMs, SeriesView view, AlertStore store) {
        List<AlertInstance> all = new ArrayList<>();
        store.forEach(i -> all.add(i.copy()));
        all.sort(Comparator.comparing(AlertInstance::fingerprint));
        List<AlertTransition> out = new ArrayList<>();
        for (AlertInstance inst : all) {
            Rule rule = byName.get(inst.rule());
            if (rule == null || inst.ruleShape() != shapes.get(rule.name())
                    || !inst.groupLabels().keySet().equals(Set.copyOf(rule.groupByNames()))) {
                AlertInstance replacement = retire(rule, inst, Math.max(streamTimeMs, inst.lastChangeMs()), out);
                if (replacement == null) {
                    store.delete(inst.fingerprint());
                } else {
                    store.put(replacement);
                }
                continue;
            }
            AlertInstance before = inst.copy();
            advance(rule, inst, streamTimeMs, out);
            if (!inst.equals(before)) {
                save(inst, true, store);
            }
        }
        out.sort(Comparator.comparingLong(AlertTransition::timeMs));
        return out;
    }

    // ---- one group ------------------------------------------------------------------------------

    private void judgeGroup(Rule rule, SortedMap<String, String> group, List<SeriesUpdate> updates, long eventTimeMs,
                            long now, EventRef trigger, SeriesView view, AlertStore store, List<AlertTransition> out) {
        String fingerprint = Fingerprints.of(rule.name(), group);
        AlertInstance inst = store.get(fingerprint);
        boolean existed = inst != null;
        if (inst != null && inst.ruleShape() != shapes.get(rule.name())) {
            inst = retire(rule, inst, Math.max(eventTimeMs, inst.lastChangeMs()), out);
        }
        if (inst == null) {
            inst = new AlertInstance(rule.name(), fingerprint, group, shapes.get(rule.name()));
        }
        long t = Math.max(now, inst.lastEvalMs());
        advance(rule, inst, t, out);
        if (!updates.isEmpty()) {
            rule.condition().feed(rule, inst, updates, eventTimeMs, t, view);
        }
        Judgement j = rule.condition().judge(rule, inst, t, view, settings);
        step(rule, inst, j, Math.max(eventTimeMs, inst.lastChangeMs()), trigger, out);
        inst.lastEvalMs(t);
        save(inst, existed, store);
    }

    /**
     * The instance that replaces one stored under an older shape of its rule (or of a rule no longer
     * configured): a firing one is resolved first. The sequence carries over when the rule and its
     * group labels still exist, so ids are never reused; else null (the instance is forgotten).
     */
    private AlertInstance retire(Rule rule, AlertInstance old, long stamp, List<AlertTransition> out) {
        long sequence = old.sequence();
        if (old.firing()) {
            sequence++;
            // Nothing was judged: the stored threshold and window, no value, no trigger.
            out.add(AlertTransition.resolved(old.rule(), old.fingerprint(), sequence, stamp, old.startedAtMs(),
                    old.severity(), old.labels(), new AlertTransition.Reading(null, old.threshold(), old.window(), null),
                    old.annotations(), null));
        }
        if (rule == null || sequence == 0
                || !old.groupLabels().keySet().equals(Set.copyOf(rule.groupByNames()))) {
            return null;
        }
        AlertInstance fresh = new AlertInstance(rule.name(), old.fingerprint(), old.groupLabels(),
                shapes.get(rule.name()));
        fresh.sequence(sequence);
        fresh.lastChangeMs(old.firing() ? stamp : old.lastChangeMs());
        return fresh;
    }

    private static void save(AlertInstance inst, boolean existed, AlertStore store) {
        if (inst.forgettable()) {
            if (existed) {
                store.delete(inst.fingerprint());
            }
        } else {
            store.put(inst);
        }
    }

    // ---- the state machine ------------------------------------------------------------------------

    /** Runs the instance's timers that are due at or before {@code until}, each at its due time. */
    private void advance(Rule rule, AlertInstance inst, long until, List<AlertTransition> out) {
        for (int i = 0; i < MAX_TIMER_STEPS; i++) {
            long due = nextDue(rule, inst);
            if (due == AlertInstance.NONE || due > until) {
                return;
            }
            Judgement j = rule.condition().judgeAt(rule, inst, due);
            step(rule, inst, j, Math.max(due, inst.lastChangeMs()), null, out);
            inst.lastEvalMs(Math.max(inst.lastEvalMs(), due));
            if (nextDue(rule, inst) == due) {
                return; // cannot happen; guards against a loop
            }
        }
    }

    /** The earliest time at which the instance's state could change without an update; NONE if never. */
    private long nextDue(Rule rule, AlertInstance inst) {
        long due = Long.MAX_VALUE;
        if (inst.state() == AlertInstance.State.PENDING) {
            due = Math.min(due, inst.pendingSinceMs() + rule.forMs());
        }
        if (inst.state() == AlertInstance.State.FIRING && inst.clearingSinceMs() != AlertInstance.NONE) {
            due = Math.min(due, inst.clearingSinceMs() + rule.keepFiringForMs());
        }
        long own = rule.condition().nextDue(rule, inst);
        if (own != AlertInstance.NONE) {
            due = Math.min(due, own);
        }
        return due == Long.MAX_VALUE ? AlertInstance.NONE : due;
    }

    /**
     * One step of inactive → pending → firing → (clearing →) resolved → inactive at time {@code stamp}.
     * Pending uses the threshold, firing holds while the resolve threshold is crossed (hysteresis).
     */
    private void step(Rule rule, AlertInstance inst, Judgement j, long stamp, EventRef trigger,
                      List<AlertTransition> out) {
        inst.judged(j.value(), j.samples(), j.window(), j.threshold());
        long forMs = rule.condition().pendingForMs(rule);
        switch (inst.state()) {
            case INACTIVE -> {
                if (j.breach()) {
                    if (forMs == 0) {
                        fire(rule, inst, j, stamp, trigger, out);
                    } else {
                        inst.state(AlertInstance.State.PENDING);
                        inst.pendingSinceMs(stamp);
                        inst.lastChangeMs(stamp);
                    }
                }
            }
            case PENDING -> {
                if (!j.breach()) {
                    inst.state(AlertInstance.State.INACTIVE);
                    inst.pendingSinceMs(AlertInstance.NONE);
                    inst.lastChangeMs(stamp);
                } else if (stamp - inst.pendingSinceMs() >= forMs) {
                    fire(rule, inst, j, stamp, trigger, out);
                }
            }
            case FIRING -> {
                if (j.holds()) {
                    if (inst.clearingSinceMs() != AlertInstance.NONE) {
                        inst.clearingSinceMs(AlertInstance.NONE);
                        inst.lastChangeMs(stamp);
                    }
                } else {
                    if (inst.clearingSinceMs() == AlertInstance.NONE) {
                        inst.clearingSinceMs(stamp);
                        inst.lastChangeMs(stamp);
                    }
                    if (stamp - inst.clearingSinceMs() >= rule.keepFiringForMs()) {
                        resolve(rule, inst, j, stamp, trigger, out);
                    }
                }
            }
        }
    }

    private void fire(Rule rule, AlertInstance inst, Judgement j, long stamp, EventRef trigger,
                      List<AlertTransition> out) {
        inst.sequence(inst.sequence() + 1);
        inst.state(AlertInstance.State.FIRING);
        inst.pendingSinceMs(AlertInstance.NONE);
        inst.clearingSinceMs(AlertInstance.NONE);
        inst.startedAtMs(stamp);
        inst.lastChangeMs(stamp);
        out.add(transition(AlertTransition.Kind.FIRING, rule, inst, j, stamp, trigger));
    }

    private void resolve(Rule rule, AlertInstance inst, Judgement j, long stamp, EventRef trigger,
                         List<AlertTransition> out) {
        inst.sequence(inst.sequence() + 1);
        out.add(transition(AlertTransition.Kind.RESOLVED, rule, inst, j, stamp, trigger));
        inst.state(AlertInstance.State.INACTIVE);
        inst.startedAtMs(AlertInstance.NONE);
        inst.clearingSinceMs(AlertInstance.NONE);
        inst.lastChangeMs(stamp);
    }

    private AlertTransition transition(AlertTransition.Kind kind, Rule rule, AlertInstance inst, Judgement j,
                                       long stamp, EventRef trigger) {
        SortedMap<String, String> labels = new TreeMap<>(rule.labels());
        labels.putAll(inst.groupLabels());
        Map<String, String> variables = new HashMap<>(labels);
        if (j.value() != null) {
            variables.put("value", Templates.formatNumber(j.value()));
        } else {
            variables.remove("value");
        }
        variables.put("threshold", Templates.formatNumber(j.threshold()));
        SortedMap<String, String> annotations = new TreeMap<>();
        rule.annotations().forEach((k, v) -> annotations.put(k, Templates.render(v, variables)));
        inst.severity(rule.severity().wireName());
        inst.labels(labels);
        inst.annotations(annotations);
        inst.trigger(trigger);
        AlertTransition.Reading reading = j.reading();
        return kind == AlertTransition.Kind.FIRING
                ? AlertTransition.firing(rule.name(), inst.fingerprint(), inst.sequence(), stamp,
                        rule.severity().wireName(), labels, reading, annotations, trigger)
                : AlertTransition.resolved(rule.name(), inst.fingerprint(), inst.sequence(), stamp, inst.startedAtMs(),
                        rule.severity().wireName(), labels, reading, annotations, trigger);
    }

    // ---- which groups an update concerns ------------------------------------------------------------

    /** The group labels of the rule's instance that an update of this series concerns; null if none. */
    private SortedMap<String, String> groupOf(Rule rule, SeriesKey key) {
        return key.kind() == SeriesKey.Kind.SERIES ? rule.condition().groupOf(rule, key, settings) : null;
    }

    /**
     * Every group of a windowed rule when its metric's clock has entered a bucket the rule has not judged
     * all groups at yet (the windows of all groups slid); else none. Ratio thresholds: the groups of the
     * metric's series; burn rates: the groups of the rule's stored instances.
     */
    private List<SortedMap<String, String>> groupsOfNewClockBucket(Rule rule, SeriesView view, AlertStore store) {
        long resolution = rule.condition().slideResolutionMs(rule);
        if (resolution == 0) {
            return List.of();
        }
        OptionalLong clock = view.clockMs(rule.metric());
        if (clock.isEmpty()) {
            return List.of();
        }
        long bucket = Math.floorDiv(clock.getAsLong(), resolution);
        Long judged = judgedClockBucket.put(rule.name(), bucket);
        if (judged != null && judged == bucket) {
            return List.of();
        }
        TreeMap<String, SortedMap<String, String>> groups = new TreeMap<>();
        if (rule.condition().slidesStoredGroups()) {
            long shape = shapes.get(rule.name());
            store.forEach(i -> {
                if (i.rule().equals(rule.name()) && i.ruleShape() == shape) {
                    groups.put(i.fingerprint(), i.groupLabels());
                }
            });
        } else {
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(rule.metric())) {
                SortedMap<String, String> g = groupOf(rule, e.getKey());
                if (g != null) {
                    groups.put(Fingerprints.of(rule.name(), g), g);
                }
            }
        }
        return new ArrayList<>(groups.values());
    }
}
