package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.render.PoolMetrics;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
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
            for (Metric m : watched(r)) {
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
        feed(rule, inst, updates, eventTimeMs, t, view);
        Judgement j = judge(rule, inst, t, view);
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
            Judgement j = switch (timeDependence(rule)) {
                case NONE -> Judgement.stored(inst);
                case ABSENCE -> judgeAbsence(rule, inst, due);
                case INCREASE -> judgeIncrease(rule, inst, due);
            };
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
        if (rule.kind() == Rule.Kind.ABSENT && inst.state() != AlertInstance.State.FIRING
                && inst.lastSeenMs() != AlertInstance.NONE) {
            due = Math.min(due, inst.lastSeenMs() + rule.forMs());
        }
        if (rule.function() == Rule.Function.INCREASE && !inst.deltas().isEmpty()) {
            // The oldest bucket leaves the window when the window's last bucket is 5 further.
            long width = WindowRatio.bucketWidthMs(rule.windowMs());
            due = Math.min(due, (inst.deltas().get(0).index() + WindowRatio.BUCKETS_PER_WINDOW) * width);
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
        long forMs = rule.kind() == Rule.Kind.ABSENT ? 0 : rule.forMs();
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
        AlertTransition.Reading reading = new AlertTransition.Reading(j.value(), j.threshold(), j.window(), j.samples());
        return kind == AlertTransition.Kind.FIRING
                ? AlertTransition.firing(rule.name(), inst.fingerprint(), inst.sequence(), stamp,
                        rule.severity().wireName(), labels, reading, annotations, trigger)
                : AlertTransition.resolved(rule.name(), inst.fingerprint(), inst.sequence(), stamp, inst.startedAtMs(),
                        rule.severity().wireName(), labels, reading, annotations, trigger);
    }

    // ---- feeding the per-instance windows ----------------------------------------------------------

    private void feed(Rule rule, AlertInstance inst, List<SeriesUpdate> updates, long eventTimeMs, long now,
                      SeriesView view) {
        if (updates.isEmpty()) {
            return;
        }
        if (rule.kind() == Rule.Kind.ABSENT) {
            long seen = inst.lastSeenMs();
            for (SeriesUpdate u : updates) {
                long t = u instanceof SeriesUpdate.WindowObserve w ? w.eventTimeMs() : eventTimeMs;
                seen = seen == AlertInstance.NONE ? t : Math.max(seen, t);
            }
            inst.lastSeenMs(seen);
        } else if (rule.function() == Rule.Function.INCREASE) {
            long width = WindowRatio.bucketWidthMs(rule.windowMs());
            long oldest = Math.floorDiv(now, width) - (WindowRatio.BUCKETS_PER_WINDOW - 1);
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
        } else if (rule.kind() == Rule.Kind.BURN_RATE) {
            OptionalLong clock = view.clockMs(rule.metric());
            long r = rule.burnResolutionMs();
            TreeMap<Long, long[]> buckets = new TreeMap<>();
            inst.counts().forEach(b -> buckets.put(b.index(), new long[] {b.errors(), b.total()}));
            for (SeriesUpdate u : updates) {
                if (u instanceof SeriesUpdate.WindowObserve w) {
                    long c = clock.isPresent() ? Math.max(clock.getAsLong(), w.eventTimeMs()) : w.eventTimeMs();
                    long oldest = Math.floorDiv(c, r) - rule.burnRetentionBuckets() + 1;
                    long index = Math.floorDiv(w.eventTimeMs(), r);
                    if (index >= oldest) {
                        long[] b = buckets.computeIfAbsent(index, k -> new long[2]);
                        b[0] += w.success() ? 0 : 1;
                        b[1] += 1;
                    }
                }
            }
            inst.counts(buckets.entrySet().stream()
                    .map(e -> new AlertInstance.CountBucket(e.getKey(), e.getValue()[0], e.getValue()[1])).toList());
        }
    }

    // ---- judging -----------------------------------------------------------------------------------

    private enum TimeDependence { NONE, ABSENCE, INCREASE }

    private static TimeDependence timeDependence(Rule rule) {
        if (rule.kind() == Rule.Kind.ABSENT) {
            return TimeDependence.ABSENCE;
        }
        return rule.function() == Rule.Function.INCREASE ? TimeDependence.INCREASE : TimeDependence.NONE;
    }

    /**
     * A value judged against the rule.
     *
     * @param breach the firing condition against the threshold
     * @param holds  the condition that keeps a firing alert firing, against the resolve threshold
     */
    private record Judgement(Double value, Long samples, String window, double threshold, boolean breach,
                             boolean holds) {
        /** What the instance's state says about its last judgement (for timers of values that time cannot move). */
        static Judgement stored(AlertInstance inst) {
            boolean on = inst.state() == AlertInstance.State.PENDING
                    || (inst.state() == AlertInstance.State.FIRING && inst.clearingSinceMs() == AlertInstance.NONE);
            return new Judgement(inst.value(), inst.samples(), inst.window(), inst.threshold(), on, on);
        }
    }

    private Judgement judge(Rule rule, AlertInstance inst, long now, SeriesView view) {
        if (rule.kind() == Rule.Kind.ABSENT) {
            return judgeAbsence(rule, inst, now);
        }
        if (rule.kind() == Rule.Kind.BURN_RATE) {
            return judgeBurnRate(rule, inst, view);
        }
        if (rule.function() == Rule.Function.INCREASE) {
            return judgeIncrease(rule, inst, now);
        }
        if (rule.metric().type() == MetricType.RATIO) {
            return judgeRatio(rule, inst.groupLabels(), view);
        }
        Double value = switch (rule.metric()) {
            case LEASE_UTILIZATION, BROWSER_POOL_AVAILABLE, POOL_CAPACITY -> poolValue(rule, inst.groupLabels(), view);
            default -> storedSum(rule, inst.groupLabels(), view);
        };
        return compare(rule, value, null, null, value != null);
    }

    private static Judgement compare(Rule rule, Double value, Long samples, String window, boolean judged) {
        boolean breach = judged && rule.op().test(value, rule.threshold());
        boolean holds = judged && rule.op().test(value, rule.resolveThreshold());
        return new Judgement(value, samples, window, rule.threshold(), breach, holds);
    }

    private static Judgement judgeAbsence(Rule rule, AlertInstance inst, long now) {
        boolean absent = inst.lastSeenMs() != AlertInstance.NONE && now - inst.lastSeenMs() >= rule.forMs();
        return new Judgement(null, null, null, rule.threshold(), absent, absent);
    }

    private static Judgement judgeIncrease(Rule rule, AlertInstance inst, long now) {
        long width = WindowRatio.bucketWidthMs(rule.windowMs());
        long last = Math.floorDiv(now, width);
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
        return compare(rule, sum, null, rule.windowLabel(), true);
    }

    private static Judgement judgeBurnRate(Rule rule, AlertInstance inst, SeriesView view) {
        OptionalLong clock = view.clockMs(rule.metric());
        Rule.BurnWindow first = rule.burnWindows().get(0);
        if (clock.isEmpty()) {
            return new Judgement(null, 0L, Rules.durationText(first.longMs()), first.factor(), false, false);
        }
        long r = rule.burnResolutionMs();
        long last = Math.floorDiv(clock.getAsLong(), r);
        long oldest = last - rule.burnRetentionBuckets() + 1;
        List<AlertInstance.CountBucket> kept = inst.counts().stream().filter(b -> b.index() >= oldest).toList();
        if (kept.size() != inst.counts().size()) {
            inst.counts(kept);
        }
        double budget = 1 - rule.objective();
        long minSamples = Math.max(1, rule.minSamples());
        Judgement firstPair = null;
        for (Rule.BurnWindow w : rule.burnWindows()) {
            long[] lng = errorsAndTotal(kept, last, w.longMs() / r);
            long[] shrt = errorsAndTotal(kept, last, w.shortMs() / r);
            boolean breach = lng[1] >= minSamples && shrt[1] >= minSamples
                    && (double) lng[0] / lng[1] > w.factor() * budget
                    && (double) shrt[0] / shrt[1] > w.factor() * budget;
            Double burn = lng[1] == 0 ? null : ((double) lng[0] / lng[1]) / budget;
            Judgement j = new Judgement(burn, lng[1], Rules.durationText(w.longMs()), w.factor(), breach, breach);
            if (breach) {
                return j;
            }
            if (firstPair == null) {
                firstPair = j;
            }
        }
        return firstPair;
    }

    private static long[] errorsAndTotal(List<AlertInstance.CountBucket> buckets, long last, long count) {
        long first = last - count + 1;
        long errors = 0;
        long total = 0;
        for (AlertInstance.CountBucket b : buckets) {
            if (b.index() >= first && b.index() <= last) {
                errors += b.errors();
                total += b.total();
            }
        }
        return new long[] {errors, total};
    }

    private Judgement judgeRatio(Rule rule, SortedMap<String, String> group, SeriesView view) {
        OptionalLong clock = view.clockMs(rule.metric());
        long successes = 0;
        long total = 0;
        if (clock.isPresent()) {
            for (Map.Entry<SeriesKey, SeriesValue> e : matching(rule.metric(), group, view)) {
                if (e.getValue() instanceof WindowRatio wr) {
                    WindowRatio.Counts c = wr.counts(rule.windowMs(), clock.getAsLong());
                    successes += c.successes();
                    total += c.total();
                }
            }
        }
        Double value = total == 0 ? null : (double) successes / total;
        return compare(rule, value, total, rule.windowLabel(), total > 0 && total >= rule.minSamples());
    }

    /** The sum over the group's series of a stored counter or gauge; null when the group has no series. */
    private static Double storedSum(Rule rule, SortedMap<String, String> group, SeriesView view) {
        double sum = 0;
        boolean any = false;
        for (Map.Entry<SeriesKey, SeriesValue> e : matching(rule.metric(), group, view)) {
            if (e.getValue() instanceof SeriesValue.Counter c) {
                sum += c.value();
                any = true;
            } else if (e.getValue() instanceof SeriesValue.Gauge g) {
                sum += g.value();
                any = true;
            }
        }
        return any ? sum : null;
    }

    /** lease_utilization, pool_capacity, browser_pool_available of the group, as the scrape would show them. */
    private Double poolValue(Rule rule, SortedMap<String, String> group, SeriesView view) {
        String pool = rule.metric() == Metric.BROWSER_POOL_AVAILABLE ? settings.browserPool()
                : group.get(Label.POOL.wireName());
        Map<String, Double> reported = new HashMap<>();
        Map<String, Double> active = new HashMap<>();
        if (pool != null) {
            if (view.get(SeriesKey.of(Metric.POOL_CAPACITY, pool)) instanceof SeriesValue.Gauge g) {
                reported.put(pool, g.value());
            }
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(Metric.ACTIVE_LEASES, List.of(pool))) {
                if (e.getValue() instanceof SeriesValue.Gauge g) {
                    active.merge(pool, g.value(), Double::sum);
                }
            }
        } else {
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(Metric.POOL_CAPACITY)) {
                if (e.getValue() instanceof SeriesValue.Gauge g) {
                    reported.put(e.getKey().labelValue(Label.POOL), g.value());
                }
            }
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(Metric.ACTIVE_LEASES)) {
                if (e.getValue() instanceof SeriesValue.Gauge g) {
                    active.merge(e.getKey().labelValue(Label.POOL), g.value(), Double::sum);
                }
            }
        }
        PoolMetrics.Derived d = PoolMetrics.derive(reported, Map.of(), settings.configuredCapacities(), active,
                settings.browserPool());
        if (rule.metric() == Metric.BROWSER_POOL_AVAILABLE) {
            OptionalDouble v = d.browserPoolAvailable();
            return v.isPresent() ? v.getAsDouble() : null;
        }
        Map<String, Double> values = rule.metric() == Metric.LEASE_UTILIZATION ? d.utilization() : d.capacity();
        double sum = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (pool == null || pool.equals(e.getKey())) {
                sum += e.getValue();
                any = true;
            }
        }
        return any ? sum : null;
    }

    /** The series of the metric whose labels match the group (a prefix scan where the group allows it). */
    private static List<Map.Entry<SeriesKey, SeriesValue>> matching(Metric metric, SortedMap<String, String> group,
                                                                    SeriesView view) {
        List<String> prefix = new ArrayList<>();
        for (Label l : metric.keyLabels()) {
            String v = group.get(l.wireName());
            if (v == null) {
                break;
            }
            prefix.add(v);
        }
        List<Map.Entry<SeriesKey, SeriesValue>> out = new ArrayList<>();
        for (Map.Entry<SeriesKey, SeriesValue> e : view.series(metric, prefix)) {
            SeriesKey key = e.getKey();
            if (key.kind() != SeriesKey.Kind.SERIES || key.metric() != metric) {
                continue;
            }
            boolean match = true;
            for (Map.Entry<String, String> g : group.entrySet()) {
                Label label = labelNamed(metric, g.getKey());
                if (label == null || !g.getValue().equals(key.labelValue(label))) {
                    match = false;
                    break;
                }
            }
            if (match) {
                out.add(e);
            }
        }
        return out;
    }

    private static Label labelNamed(Metric metric, String name) {
        for (Label l : metric.keyLabels()) {
            if (l.wireName().equals(name)) {
                return l;
            }
        }
        return null;
    }

    // ---- which rules and groups an update concerns ---------------------------------------------------

    /** The metrics whose updates can change the rule's value. */
    private static Set<Metric> watched(Rule rule) {
        return switch (rule.metric()) {
            case LEASE_UTILIZATION, BROWSER_POOL_AVAILABLE -> rule.kind() == Rule.Kind.THRESHOLD
                    ? EnumSet.of(Metric.ACTIVE_LEASES, Metric.POOL_CAPACITY)
                    : EnumSet.of(rule.metric());
            default -> EnumSet.of(rule.metric());
        };
    }

    /** The group labels of the rule's instance that an update of this series concerns; null if none. */
    private SortedMap<String, String> groupOf(Rule rule, SeriesKey key) {
        if (key.kind() != SeriesKey.Kind.SERIES) {
            return null;
        }
        SortedMap<String, String> group = new TreeMap<>();
        if (key.metric() == rule.metric()) {
            for (Label l : rule.groupBy()) {
                group.put(l.wireName(), key.labelValue(l));
            }
            return group;
        }
        if (!watched(rule).contains(key.metric())) {
            return null;
        }
        // A pool metric computed from active_leases and pool_capacity: the pool is the only label.
        String pool = key.labelValue(Label.POOL);
        if (rule.metric() == Metric.BROWSER_POOL_AVAILABLE) {
            return pool.equals(settings.browserPool()) ? group : null;
        }
        for (Label l : rule.groupBy()) {
            group.put(l.wireName(), pool);
        }
        return group;
    }

    /**
     * Every group of a windowed rule when its metric's clock has entered a bucket the rule has not judged
     * all groups at yet (the windows of all groups slid); else none. Ratio thresholds: the groups of the
     * metric's series; burn rates: the groups of the rule's stored instances.
     */
    private List<SortedMap<String, String>> groupsOfNewClockBucket(Rule rule, SeriesView view, AlertStore store) {
        if (!rule.judgesRatioSeries() && rule.kind() != Rule.Kind.BURN_RATE) {
            return List.of();
        }
        OptionalLong clock = view.clockMs(rule.metric());
        if (clock.isEmpty()) {
            return List.of();
        }
        long resolution = rule.kind() == Rule.Kind.BURN_RATE ? rule.burnResolutionMs()
                : WindowRatio.bucketWidthMs(rule.windowMs());
        long bucket = Math.floorDiv(clock.getAsLong(), resolution);
        Long judged = judgedClockBucket.put(rule.name(), bucket);
        if (judged != null && judged == bucket) {
            return List.of();
        }
        TreeMap<String, SortedMap<String, String>> groups = new TreeMap<>();
        if (rule.kind() == Rule.Kind.BURN_RATE) {
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
