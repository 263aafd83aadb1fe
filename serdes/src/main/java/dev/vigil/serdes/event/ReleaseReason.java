package dev.vigil.serdes.event;

/** Reason of {@code agent.lease.released}. */
public enum ReleaseReason {
    RELEASED("released"),
    EXPIRED("expired"),
    REVOKED("revoked");

    private final String wireName;

    ReleaseReason(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in event data and metric labels. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value, or null when the value is not one of them. */
    public static ReleaseReason fromWireName(String value) {
        for (ReleaseReason v : values()) {
            if (v.wireName.equals(value)) {
                return v;
            }
        }
        return null;
    }
}
