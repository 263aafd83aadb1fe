package dev.vigil.alerting;

import java.util.Objects;

/**
 * The input event that caused an update-driven transition: its CloudEvents {@code source} and
 * {@code id} (the alert data's {@code trigger}) and its {@code traceparent}, if any (the alert event's
 * own {@code traceparent} attribute, so that the alert continues the producer's trace).
 *
 * @param traceparent null when the event had none
 */
public record Trigger(String source, String id, String traceparent) {
    public Trigger {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        if (source.isEmpty() || id.isEmpty()) {
            throw new IllegalArgumentException("a trigger needs a non-empty source and id");
        }
        if (traceparent != null && traceparent.isEmpty()) {
            traceparent = null;
        }
    }

    public Trigger(String source, String id) {
        this(source, id, null);
    }
}
