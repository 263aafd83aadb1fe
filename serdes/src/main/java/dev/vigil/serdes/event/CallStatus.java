package dev.vigil.serdes.event;

/** Status of {@code agent.call.completed}. */
public enum CallStatus {
    OK("ok"),
    ERROR("error");

    private final String wireName;

    CallStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in event data and metric labels. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value, or null when the value is not one of them. */
    public static CallStatus fromWireName(String value) {
        for (CallStatus v : values()) {
            if (v.wireName.equals(value)) {
                return v;
            }
        }
        return null;
    }
}
