package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of one alert instance (one rule, one group label set), stored by fingerprint in the
 * {@link AlertStore}: its place in the state machine, its transition count (for ids), its timers, the
 * last judged value, what its last transition said (labels, annotations, severity: what
 * {@code /api/v1/alerts} lists while it fires), and the per-instance windows of {@code increase} and
 * {@code burn_rate} rules.
 *
 * <p>Only the {@link AlertEngine} changes an instance; everyone else reads it. Times are event-time
 * epoch milliseconds, {@link #NONE} when unset.
 */
public final class AlertInstance {
    /** An unset time. */
    public static final long NONE = Long.MIN_VALUE;

    /** Where an instance is in the state machine. A resolution returns it to {@link #INACTIVE}. */
    public enum State {
        /** Condition clear (or never judged). */
        INACTIVE,
        /** Condition true, held for less than the rule's {@code for}. */
        PENDING,
        /** Fired; stays firing until the condition is clear for {@code keep_firing_for}. */
        FIRING
    }

    /** The deltas one {@code increase} bucket summed (bucket = floor(time / (window / 5))). */
    public record DeltaBucket(long index, double sum) {
    }

    /** The observations one {@code burn_rate} bucket counted. */
    public record CountBucket(long index, long errors, long total) {
        public CountBucket {
            if (total < 0 || errors < 0 || errors > total) {
                throw new IllegalArgumentException("bad burn-rate bucket " + index + ": " + errors + "/" + total);
            }
        }
    }

    private final String rule;
    private final String fingerprint;
    private final SortedMap<String, String> groupLabels;
    private long ruleShape;
    private State state = State.INACTIVE;
    private long sequence;
    private long pendingSinceMs = NONE;
    private long startedAtMs = NONE;
    private long clearingSinceMs = NONE;
    private long lastChangeMs = NONE;
    private long lastEvalMs = NONE;
    private long lastSeenMs = NONE;
    private Double value;
    private Long samples;
    private String window;
    private double threshold;
    private String severity = Rule.Severity.WARNING.wireName();
    private SortedMap<String, String> labels = Collections.emptySortedMap();
    private SortedMap<String, String> annotations = Collections.emptySortedMap();
    private List<DeltaBucket> deltas = List.of();
    private List<CountBucket> counts = List.of();
    private EventRef trigger;

    /** A new, inactive instance. */
    public AlertInstance(String rule, Map<String, String> groupLabels, long ruleShape) {
        this(rule, Fingerprints.of(rule, groupLabels), groupLabels, ruleShape);
    }

    /** For the codec: an instance whose fingerprint was computed when it was created. */
    AlertInstance(String rule, String fingerprint, Map<String, String> groupLabels, long ruleShape) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        this.groupLabels = Collections.unmodifiableSortedMap(new TreeMap<>(groupLabels));
        this.ruleShape = ruleShape;
    }

    /** A copy that shares nothing mutable with this one. */
    public AlertInstance copy() {
        AlertInstance c = new AlertInstance(rule, fingerprint, groupLabels, ruleShape);
        c.state = state;
        c.sequence = sequence;
        c.pendingSinceMs = pendingSinceMs;
        c.startedAtMs = startedAtMs;
        c.clearingSinceMs = clearingSinceMs;
        c.lastChangeMs = lastChangeMs;
        c.lastEvalMs = lastEvalMs;
        c.lastSeenMs = lastSeenMs;
        c.value = value;
        c.samples = samples;
        c.window = window;
        c.threshold = threshold;
        c.severity = severity;
        c.labels = labels;
        c.annotations = annotations;
        c.deltas = deltas;
        c.counts = counts;
        c.trigger = trigger;
        return c;
    }

    // ---- read API ---------------------------------------------------------------------------------

    public String rule() {
        return rule;
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** The values of the rule's group_by labels, by label name. */
    public SortedMap<String, String> groupLabels() {
        return groupLabels;
    }

    /** {@link Rule#stateShape()} of the rule that made this state. */
    public long ruleShape() {
        return ruleShape;
    }

    public State state() {
        return state;
    }

    public boolean firing() {
        return state == State.FIRING;
    }

    /** How many transitions (firing or resolved) this instance has emitted; the last one's id ends with it. */
    public long sequence() {
        return sequence;
    }

    /** When the condition started to hold (PENDING), else {@link #NONE}. */
    public long pendingSinceMs() {
        return pendingSinceMs;
    }

    /** The event time of the firing transition while FIRING, else {@link #NONE}. */
    public long startedAtMs() {
        return startedAtMs;
    }

    /** While FIRING: since when the condition has been clear ({@code keep_firing_for} runs), else {@link #NONE}. */
    public long clearingSinceMs() {
        return clearingSinceMs;
    }

    /** The time of the last state change (pending, firing, clearing, resolved), {@link #NONE} before any. */
    public long lastChangeMs() {
        return lastChangeMs;
    }

    /** The latest time the instance was judged at; judgements never go back in time. */
    public long lastEvalMs() {
        return lastEvalMs;
    }

    /** absent rules: the latest event time of an update to the group's series. */
    public long lastSeenMs() {
        return lastSeenMs;
    }

    /** The last judged value; null when there was none (no series, too few samples... or an absent rule). */
    public Double value() {
        return value;
    }

    /** The observations behind the last judged value of a windowed rule, else null. */
    public Long samples() {
        return samples;
    }

    /** The window of the last judged value ({@code 5m}), null when the rule has none. */
    public String window() {
        return window;
    }

    /** The threshold the last value was judged against (burn rate: the factor of the judged pair). */
    public double threshold() {
        return threshold;
    }

    /** The severity of the last transition ({@code info}, {@code warning}, {@code critical}). */
    public String severity() {
        return severity;
    }

    /** The labels of the last transition: group labels and rule labels. */
    public SortedMap<String, String> labels() {
        return labels;
    }

    /** The annotations rendered for the last transition. */
    public SortedMap<String, String> annotations() {
        return annotations;
    }

    /** increase rules: the buckets of the window, oldest first. */
    public List<DeltaBucket> deltas() {
        return deltas;
    }

    /** burn_rate rules: the buckets of the longest window, oldest first. */
    public List<CountBucket> counts() {
        return counts;
    }

    /**
     * The input event behind the last transition (its source, id and traceparent), null when a timer
     * made it or before any: what a notification re-sent from the store names as the trigger.
     */
    public EventRef trigger() {
        return trigger;
    }

    // ---- engine and codec API -----------------------------------------------------------------------

    void ruleShape(long v) {
        ruleShape = v;
    }

    void state(State v) {
        state = Objects.requireNonNull(v);
    }

    void sequence(long v) {
        sequence = v;
    }

    void pendingSinceMs(long v) {
        pendingSinceMs = v;
    }

    void startedAtMs(long v) {
        startedAtMs = v;
    }

    void clearingSinceMs(long v) {
        clearingSinceMs = v;
    }

    void lastChangeMs(long v) {
        lastChangeMs = v;
    }

    void lastEvalMs(long v) {
        lastEvalMs = v;
    }

    void lastSeenMs(long v) {
        lastSeenMs = v;
    }

    void judged(Double v, Long s, String w, double t) {
        value = v;
        samples = s;
        window = w;
        threshold = t;
    }

    void severity(String v) {
        severity = Objects.requireNonNull(v);
    }

    void labels(Map<String, String> v) {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(v));
    }

    void annotations(Map<String, String> v) {
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(v));
    }

    void deltas(List<DeltaBucket> v) {
        deltas = List.copyOf(v);
    }

    void counts(List<CountBucket> v) {
        counts = List.copyOf(v);
    }

    void trigger(EventRef v) {
        trigger = v;
    }

    /** True when nothing about this instance is worth keeping: never transitioned, nothing pending, no window. */
    boolean forgettable() {
        return state == State.INACTIVE && sequence == 0 && deltas.isEmpty() && counts.isEmpty()
                && lastSeenMs == NONE;
    }

    private List<Object> fields() {
        return new ArrayList<>(Arrays.asList(rule, fingerprint, groupLabels, ruleShape, state, sequence, pendingSinceMs,
                startedAtMs, clearingSinceMs, lastChangeMs, lastEvalMs, lastSeenMs, value, samples, window, threshold,
                severity, labels, annotations, deltas, counts, trigger));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AlertInstance other && fields().equals(other.fields());
    }

    @Override
    public int hashCode() {
        return fields().hashCode();
    }

    @Override
    public String toString() {
        return "AlertInstance" + fields();
    }
}
