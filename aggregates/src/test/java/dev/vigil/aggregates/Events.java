package dev.vigil.aggregates;

import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Compact builders of typed events for tests; times are epoch milliseconds. */
public final class Events {
    /** 2026-01-15T10:00:00Z, a round number of hours. */
    public static final long T0 = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();
    private static final AtomicLong IDS = new AtomicLong();

    private Events() {
    }

    public static EventMeta meta(EventType type, long timeMs) {
        return new EventMeta("evt-" + IDS.incrementAndGet(), "test", type, Instant.ofEpochMilli(timeMs), null, null,
                null);
    }

    public static TaskStatusChanged task(TaskStatus status, long timeMs) {
        return task(status, timeMs, null);
    }

    public static TaskStatusChanged task(TaskStatus status, long timeMs, Double durationMs) {
        return new TaskStatusChanged(meta(EventType.TASK_STATUS_CHANGED, timeMs), "t-1", status, durationMs, null, null);
    }

    public static StepStatusChanged step(StepStatus status, long timeMs) {
        return step(status, timeMs, "planner", "plan", null);
    }

    public static StepStatusChanged step(StepStatus status, long timeMs, String agent, String capability,
                                         Double durationMs) {
        return new StepStatusChanged(meta(EventType.STEP_STATUS_CHANGED, timeMs), "t-1", "s-1", status, agent,
                capability, 1, durationMs, null);
    }

    public static CallCompleted call(CallStatus status, long timeMs, String model, long in, long out, Double cost) {
        return call(status, timeMs, model, in, out, cost, null, null);
    }

    public static CallCompleted call(CallStatus status, long timeMs, String model, long in, long out, Double cost,
                                     Long cachedIn, String tenant) {
        return new CallCompleted(meta(EventType.CALL_COMPLETED, timeMs), "c-1", "planner", "plan", model, status,
                1500.0, in, out, null, null, cost, null, cachedIn, tenant);
    }

    public static LeaseAcquired acquired(long timeMs, String agent, Long ttlMs) {
        return new LeaseAcquired(meta(EventType.LEASE_ACQUIRED, timeMs), "l-1", "r-1", "browser", agent, null, null,
                ttlMs);
    }

    public static LeaseReleased released(long timeMs, ReleaseReason reason) {
        return released(timeMs, "browser", reason);
    }

    public static LeaseReleased released(long timeMs, String pool, ReleaseReason reason) {
        return new LeaseReleased(meta(EventType.LEASE_RELEASED, timeMs), "l-1", pool, null, reason);
    }

    public static PoolStatus pool(long timeMs, long capacity, Long healthy) {
        return new PoolStatus(meta(EventType.POOL_STATUS, timeMs), "browser", capacity, healthy, null);
    }
}
