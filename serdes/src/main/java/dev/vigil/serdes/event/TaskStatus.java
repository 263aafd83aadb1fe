package dev.vigil.serdes.event;

/** Status of {@code agent.task.status_changed}. */
public enum TaskStatus {
    SUBMITTED("submitted"),
    RUNNING("running"),
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wireName;

    TaskStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in event data and metric labels. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value, or null when the value is not one of them. */
    public static TaskStatus fromWireName(String value) {
        for (TaskStatus v : values()) {
            if (v.wireName.equals(value)) {
                return v;
            }
        }
        return null;
    }
}
