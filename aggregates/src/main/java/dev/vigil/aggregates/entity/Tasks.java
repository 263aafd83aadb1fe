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
 */
public final class Tasks {
    private static final SeriesKey ACTIVE = SeriesKey.of(Metric.ACTIVE_TASKS);

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
        long t = event.meta().time().toEpochMilli();
        List<SeriesUpdate> updates = new ArrayList<>(5);
        TaskStatus status = event.status();
        TaskState next = s;
        if (status == TaskStatus.SUBMITTED) {
            if (!s.submitted()) {
                updates.add(count(status));
                boolean activates = !s.isTerminal() && !s.active();
                if (activates) {
                    updates.add(new SeriesUpdate.Add(ACTIVE, 1));
                }
                next = new TaskState(true, t, s.active() || activates, s.terminal(), s.terminalAtMs());
            }
        } else if (status == TaskStatus.RUNNING) {
            if (!s.isTerminal() && !s.active()) {
                updates.add(new SeriesUpdate.Add(ACTIVE, 1));
                next = new TaskState(s.submitted(), s.submittedAtMs(), true, null, 0);
            }
        } else if (!s.isTerminal()) {
            updates.add(count(status));
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
            next = new TaskState(s.submitted(), s.submittedAtMs(), false, status, t);
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

    private static SeriesUpdate count(TaskStatus status) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.TASK_TOTAL, status.wireName()), 1);
    }
}
