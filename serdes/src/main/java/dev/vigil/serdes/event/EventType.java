package dev.vigil.serdes.event;

import java.util.Optional;

/** The input CloudEvent types of docs/events.md, by their {@code type} attribute. */
public enum EventType {
    TASK_STATUS_CHANGED("agent.task.status_changed"),
    STEP_STATUS_CHANGED("agent.step.status_changed"),
    CALL_COMPLETED("agent.call.completed"),
    LEASE_ACQUIRED("agent.lease.acquired"),
    LEASE_RELEASED("agent.lease.released"),
    POOL_STATUS("agent.pool.status");

    /** The {@code type} label of self-metrics for records whose type is not one of the table's. */
    public static final String UNKNOWN_LABEL = "unknown";

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The CloudEvents {@code type} attribute, also the {@code type} label of self-metrics. */
    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWireName(String type) {
        for (EventType t : values()) {
            if (t.wireName.equals(type)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The metric label for any raw type string: the type itself if known, else "unknown". */
    public static String label(String rawType) {
        return fromWireName(rawType).map(EventType::wireName).orElse(UNKNOWN_LABEL);
    }
}
