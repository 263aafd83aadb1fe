package dev.vigil.serdes.event;

/** Status of {@code agent.step.status_changed}. */
public enum StepStatus {
    QUEUED("queued"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    TIMED_OUT("timed_out");

    private final String wireName;

    StepStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in event data and metric labels. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value, or null when the value is not one of them. */
    public static StepStatus fromWireName(String value) {
        for (StepStatus v : values()) {
            if (v.wireName.equals(value)) {
                return v;
            }
        }
        return null;
    }
}
