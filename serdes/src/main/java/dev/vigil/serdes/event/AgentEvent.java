package dev.vigil.serdes.event;

/**
 * A validated input event of docs/events.md: one record type per CloudEvent type.
 *
 * <p>{@link #entityKey()} is the key the topology partitions by: events of one task (and its
 * steps), one lease, one pool or one call share it, so they share a partition and keep their
 * arrival order.
 */
public sealed interface AgentEvent
        permits TaskStatusChanged, StepStatusChanged, CallCompleted, LeaseAcquired, LeaseReleased, PoolStatus {

    EventMeta meta();

    /**
     * The entity this event is about: task id (tasks, steps, and calls that name a task), call id (other
     * calls), lease id or pool.
     */
    String entityKey();

    /**
     * The event time in epoch milliseconds, which every event-time rule (lateness, windows, TTL,
     * durations) uses. Exact for any {@code time} the parser accepts (years 0 to 9999 with any
     * offset, well inside the range of a long); sub-millisecond digits are dropped.
     */
    default long eventTimeMs() {
        return meta().time().toEpochMilli();
    }

    /** The dedup identity of docs/events.md, ({@code source}, {@code id}), encoded as a {@link DedupKey}. */
    default String dedupKey() {
        return DedupKey.of(meta()).encode();
    }
}
