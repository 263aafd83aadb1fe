package dev.vigil.simulator;

import java.util.Optional;

/** The six input event types of docs/events.md, as the simulator knows them (independent of Vigil's own code). */
public enum EventType {
    TASK_STATUS_CHANGED("agent.task.status_changed"),
    STEP_STATUS_CHANGED("agent.step.status_changed"),
    CALL_COMPLETED("agent.call.completed"),
    LEASE_ACQUIRED("agent.lease.acquired"),
    LEASE_RELEASED("agent.lease.released"),
    POOL_STATUS("agent.pool.status");

    /** The {@code type} label used for records whose type is not one of the table's, or unreadable. */
    public static final String UNKNOWN = "unknown";

    private final String type;

    EventType(String type) {
        this.type = type;
    }

    /** The CloudEvents {@code type} attribute value. */
    public String type() {
        return type;
    }

    /** The type whose attribute value is exactly {@code type}. */
    public static Optional<EventType> of(String type) {
        for (EventType t : values()) {
            if (t.type.equals(type)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The {@code vigil_events_total{type}} label of a readable type attribute: itself when in the table, else {@code unknown}. */
    public static String label(String typeAttribute) {
        return typeAttribute != null && of(typeAttribute).isPresent() ? typeAttribute : UNKNOWN;
    }
}
