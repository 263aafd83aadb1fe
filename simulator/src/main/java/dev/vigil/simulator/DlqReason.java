package dev.vigil.simulator;

import java.util.Locale;

/** The dead-letter reasons of docs/dead-letters.md ({@code vigil.error.reason}), in the simulator's own words. */
public enum DlqReason {
    NOT_CLOUDEVENT,
    BAD_JSON,
    UNSUPPORTED_SPECVERSION,
    MISSING_ATTRIBUTE,
    UNKNOWN_TYPE,
    INVALID_DATA,
    TOO_LARGE,
    /** Judged last: an otherwise valid event whose {@code time} is more than the allowed skew ahead of its record. */
    TIME_IN_FUTURE;

    /** The label, e.g. {@code not_cloudevent}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
