package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert CloudEvent (docs/alerting.md, Alert events): the attributes and the data. {@link AlertEventCodec} writes it
 * in structured mode; the Kafka record key is {@link #partitionKey()} (the fingerprint).
 *
 * @param id           {@code <fingerprint>-<sequence>}, deterministic
 * @param source       {@code vigil/<application id>}
 * @param type         {@value #TYPE_FIRING} or {@value #TYPE_RESOLVED}
 * @param subject      the rule name
 * @param timeMs       event time of the transition
 * @param partitionKey the fingerprint (CloudEvents partitioning extension {@code partitionkey})
 * @param traceparent  W3C trace context of the triggering event, null when it had none
 * @param data         the alert data
 */
public record AlertEvent(String id, String source, String type, String subject, long timeMs, String partitionKey,
                         String traceparent, Data data) {
    public static final String SPEC_VERSION = "1.0";
    public static final String TYPE_FIRING = "vigil.alert.firing";
    public static final String TYPE_RESOLVED = "vigil.alert.resolved";
    public static final String DATA_CONTENT_TYPE = "application/json";

    /**
     * The data of an alert event (vigil.alert.schema.json): every member present, the nullable ones
     * null when they do not apply.
     *
     * @param trigger null for a transition of a timer (stream time), not of an event
     */
    public record Data(String rule, String fingerprint, String state, String severity,
                       SortedMap<String, String> labels, Double value, double threshold, String window, Long samples,
                       long startedAtMs, Long resolvedAtMs, SortedMap<String, String> annotations,
                       TriggerRef trigger) {
        public Data {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(severity, "severity");
            labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
            annotations = Collections.unmodifiableSortedMap(new TreeMap<>(annotations));
        }
    }

    /** The data's {@code trigger}: the input event's source and id. */
    public record TriggerRef(String source, String id) {
        public TriggerRef {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(id, "id");
        }
    }

    public AlertEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
        if (!type.equals(TYPE_FIRING) && !type.equals(TYPE_RESOLVED)) {
            throw new IllegalArgumentException("not an alert event type: " + type);
        }
    }

    /** The event {@code source} of an application: {@code vigil/<application id>}. */
    public static String source(String applicationId) {
        return "vigil/" + applicationId;
    }

    /** The event of a transition, published by the application {@code applicationId}. */
    public static AlertEvent of(AlertTransition t, String applicationId) {
        EventRef trigger = t.trigger();
        Data data = new Data(t.rule(), t.fingerprint(), t.kind().state(), t.severity(), t.labels(), t.value(),
                t.threshold(), t.window(), t.samples(), t.startedAtMs(), t.resolvedAtMs(), t.annotations(),
                trigger == null ? null : new TriggerRef(trigger.source(), trigger.id()));
        return new AlertEvent(t.id(), source(applicationId),
                t.kind() == AlertTransition.Kind.FIRING ? TYPE_FIRING : TYPE_RESOLVED, t.rule(), t.timeMs(),
                t.fingerprint(), traceparentOf(trigger), data);
    }

    /** The trigger's traceparent; an empty one is none (the alert then starts no trace link). */
    private static String traceparentOf(EventRef trigger) {
        return trigger == null || trigger.traceparent() == null || trigger.traceparent().isEmpty() ? null
                : trigger.traceparent();
    }

    /** True for {@value #TYPE_FIRING}. */
    public boolean firing() {
        return type.equals(TYPE_FIRING);
    }
}
