package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One transition the engine emits: an instance fired or resolved. Everything the alert event
 * (docs/alerting.md, Alert events) carries, before the CloudEvents envelope ({@link AlertEvent#of}).
 *
 * @param kind         firing or resolved
 * @param rule         the rule name
 * @param fingerprint  the instance's fingerprint ({@link Fingerprints#of})
 * @param sequence     this transition's number within the instance (1 = first firing)
 * @param timeMs       event time of the transition
 * @param severity     {@code info}, {@code warning} or {@code critical}
 * @param labels       group labels and rule labels
 * @param value        the judged value; null for absent rules or when the judged series disappeared
 * @param threshold    the rule's threshold (absent: the absence in seconds; burn_rate: the pair's factor)
 * @param window       the judged window ({@code 5m}), null when the rule has none
 * @param samples      observations in the judged window, null when the rule is not windowed
 * @param startedAtMs  event time of the firing transition
 * @param resolvedAtMs event time of the resolution; null for a firing transition
 * @param annotations  the rule's annotations, rendered
 * @param trigger      the input event that caused it; null for a transition of a timer
 */
public record AlertTransition(Kind kind, String rule, String fingerprint, long sequence, long timeMs,
                              String severity, SortedMap<String, String> labels, Double value, double threshold,
                              String window, Long samples, long startedAtMs, Long resolvedAtMs,
                              SortedMap<String, String> annotations, EventRef trigger) {

    public enum Kind {
        FIRING("firing"), RESOLVED("resolved");

        private final String state;

        Kind(String state) {
            this.state = state;
        }

        /** The data's {@code state}, also the last word of the event type. */
        public String state() {
            return state;
        }
    }

    public AlertTransition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(severity, "severity");
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        if (sequence < 1) {
            throw new IllegalArgumentException("transition sequence starts at 1: " + sequence);
        }
        if ((kind == Kind.RESOLVED) != (resolvedAtMs != null)) {
            throw new IllegalArgumentException("resolved_at is set exactly on resolutions");
        }
    }

    /**
     * What a rule read when it judged an instance: the alert data's {@code value}, {@code threshold},
     * {@code window} and {@code samples} (each null where {@link AlertTransition} says so).
     */
    public record Reading(Double value, double threshold, String window, Long samples) {
    }

    /** An instance fired at {@code timeMs} (also its start). */
    public static AlertTransition firing(String rule, String fingerprint, long sequence, long timeMs, String severity,
                                         SortedMap<String, String> labels, Reading reading,
                                         SortedMap<String, String> annotations, EventRef trigger) {
        return new AlertTransition(Kind.FIRING, rule, fingerprint, sequence, timeMs, severity, labels, reading.value(),
                reading.threshold(), reading.window(), reading.samples(), timeMs, null, annotations, trigger);
    }

    /** An instance that fired at {@code startedAtMs} resolved at {@code timeMs}. */
    public static AlertTransition resolved(String rule, String fingerprint, long sequence, long timeMs,
                                           long startedAtMs, String severity, SortedMap<String, String> labels,
                                           Reading reading, SortedMap<String, String> annotations, EventRef trigger) {
        return new AlertTransition(Kind.RESOLVED, rule, fingerprint, sequence, timeMs, severity, labels,
                reading.value(), reading.threshold(), reading.window(), reading.samples(), startedAtMs, timeMs,
                annotations, trigger);
    }

    /** The deterministic alert id: {@code <fingerprint>-<sequence>}. */
    public String id() {
        return Fingerprints.id(fingerprint, sequence);
    }
}
