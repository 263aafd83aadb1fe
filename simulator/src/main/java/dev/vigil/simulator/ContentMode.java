package dev.vigil.simulator;

/** How the decision order of docs/dead-letters.md reads a record. */
public enum ContentMode {
    /** {@code ce_} headers, data in the value. */
    BINARY,
    /** {@code content-type: application/cloudevents+json}, the whole event in the value. */
    STRUCTURED,
    /** No headers at all; the value is a JSON object with a {@code specversion} member (also structured). */
    STRUCTURED_HEADERLESS,
    /** Decided before any content mode: {@code too_large} and {@code not_cloudevent} records. */
    NONE
}
