package dev.vigil.aggregates.series;

import java.util.Objects;

/**
 * The input event behind a batch of series updates: its CloudEvents {@code source} and {@code id},
 * and its W3C {@code traceparent} (nullable), so an alert can name and link to its trigger.
 */
public record EventRef(String source, String id, String traceparent) {
    public EventRef {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
    }
}
