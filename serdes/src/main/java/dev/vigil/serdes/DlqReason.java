package dev.vigil.serdes;

/**
 * Why an input record was dead-lettered (docs/dead-letters.md). The checks run in the order of the
 * constants' declaration is NOT implied; see {@link CloudEventParser} for the contract's order.
 */
public enum DlqReason {
    NOT_CLOUDEVENT("not_cloudevent"),
    BAD_JSON("bad_json"),
    UNSUPPORTED_SPECVERSION("unsupported_specversion"),
    MISSING_ATTRIBUTE("missing_attribute"),
    UNKNOWN_TYPE("unknown_type"),
    INVALID_DATA("invalid_data"),
    TOO_LARGE("too_large"),
    /** Judged last: an otherwise valid event whose {@code time} is too far ahead of its record's timestamp. */
    TIME_IN_FUTURE("time_in_future");

    private final String wireName;

    DlqReason(String wireName) {
        this.wireName = wireName;
    }

    /** The value of the {@code vigil.error.reason} header and of the {@code reason} label. */
    public String wireName() {
        return wireName;
    }

    public static DlqReason fromWireName(String name) {
        for (DlqReason r : values()) {
            if (r.wireName.equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown DLQ reason '" + name + "'");
    }
}
