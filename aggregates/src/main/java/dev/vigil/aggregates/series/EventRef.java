package dev.vigil.aggregates.series;

import java.util.Objects;

/**
 * The input event behind a batch of series updates: its CloudEvents {@code source} and {@code id},
 * and its W3C {@code traceparent} (nullable), so an alert can name and link to its trigger. The
 * alerting module carries it as the trigger of a transition (the alert data's {@code trigger}).
 * Kept exactly as the event gave it (an empty traceparent stays empty): the series batch codec
 * writes it as it is.
 */
public record EventRef(String source, String id, String traceparent) {
    public EventRef {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }
}
