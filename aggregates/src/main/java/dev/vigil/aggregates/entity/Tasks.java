package dev.vigil.aggregates.entity;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;

import java.util.ArrayList;
import java.util.List;

/**
 * The task state machine of docs/aggregates.md ("Tasks"): {@code submitted} counts once whenever it
 * arrives, the first terminal status counts once and fixes the task, {@code running} after a
 * terminal is ignored, and nothing moves a task backwards, whatever the arrival order.
 *
 * <p>A task's tenant is the first {@code tenant} one of its events carries; each status is counted
 * for the tenant known when it is counted ({@link #UNKNOWN_TENANT} before any). The first terminal
 * status also observes what the task's calls cost until then ({@code task_cost_usd}).
 */
public final class Tasks {
    private static final SeriesKey ACTIVE = SeriesKey.of(Metric.ACTIVE_TASKS);
    /** The {@code tenant} label of what no event has given a tenant. */
    public static final String UNKNOWN_TENANT = "unknown";

    private Tasks() {
    }

    /**
     * Applies one task event.
     *
     * @param prev  the task's state, or null for a task not seen before
     * @param event the event
     * @param late  whether the event is late (decided by the caller from stream time): it then stays
     *              out of {@code task_success_ratio} and counts in {@code vigil_late_events_total}
     */
    public static Transition<TaskState> apply(TaskState prev, TaskStatusChanged event, boolean late) {
        TaskState s = prev == null ? TaskState.initial() : prev;
        if (s.tenant() == null && event.tenant() != null) {
            s = s.withTenant(event.tenant());
        }
        String tenant = tenantOf(s);
        long t = event.meta().time().toEpochMilli();
        List<SeriesUpdate> updates = new ArrayList<>(5);
        TaskStatus status = event.status();
        TaskState next = s;
        if (status == TaskStatus.SUBMITTED) {
            if (!s.submitted()) {
                updates.add(count(status));
                updates.add(countForTenant(tenant, status));
                boolean activates = !s.isTerminal() && !s.active();
                if (activates) {
                    updates.add(new SeriesUpdate.Add(ACTIVE, 1));
                }
                next = s.withLifecycle(true, t, s.active() || activates, s.terminal(), s.terminalAtMs());
            }
        } else if (status == TaskStatus.RUNNING) {
            if (!s.isTerminal() && !s.active()) {
                updates.add(new SeriesUpdate.Add(ACTIVE, 1));
                next = s.withLifecycle(s.submitted(), s.submittedAtMs(), true, null, 0);
            }
        } else if (!s.isTerminal()) {
            updates.add(count(status));
            updates.add(countForTenant(tenant, status));
            updates.add(new SeriesUpdate.Observe(SeriesKey.of(Metric.TASK_COST_USD, status.wireName()), s.costUsd()));
            if (s.active()) {
                updates.add(new SeriesUpdate.Add(ACTIVE, -1));
            }
            SeriesKey durationKey = SeriesKey.of(Metric.TASK_DURATION_SECONDS, status.wireName());
            if (event.durationMs() != null) {
                updates.add(new SeriesUpdate.Observe(durationKey, Durations.reportedSeconds(event.durationMs())));
            } else if (s.submitted()) {
                updates.add(new SeriesUpdate.Observe(durationKey, Durations.elapsedSeconds(s.submittedAtMs(), t)));
            }
            if (!late) {
                updates.add(new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.TASK_SUCCESS_RATIO), t,
                        status == TaskStatus.SUCCEEDED));
            }
            next = s.withLifecycle(s.submitted(), s.submittedAtMs(), false, status, t);
        }
        if (late) {
            updates.add(Lateness.counted(EventType.TASK_STATUS_CHANGED));
        }
        return new Transition<>(next, updates);
    }

    /** Whether a status ends a task: succeeded, failed or cancelled. */
    public static boolean isTerminal(TaskStatus status) {
        return status == TaskStatus.SUCCEEDED || status == TaskStatus.FAILED || status == TaskStatus.CANCELLED;
    }

    /** The tenant label of a task: its tenant, else {@link #UNKNOWN_TENANT}. */
    public static String tenantOf(TaskState s) {
        return s == null || s.tenant() == null ? UNKNOWN_TENANT : s.tenant();
    }

    private static SeriesUpdate countForTenant(String tenant, TaskStatus status) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.TENANT_TASKS_TOTAL, tenant, status.wireName()), 1);
    }

    private static SeriesUpdate count(TaskStatus status) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.TASK_TOTAL, status.wireName()), 1);
    }
}
