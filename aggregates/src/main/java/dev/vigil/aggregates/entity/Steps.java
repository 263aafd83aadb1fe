package dev.vigil.aggregates.entity;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;

import java.util.ArrayList;
import java.util.List;

/**
 * The step state machine of docs/aggregates.md ("Steps"): the task rules applied per step, feeding
 * {@code queue_depth} (in on the first {@code queued}, out on the first {@code running} or terminal
 * status) and {@code step_duration_seconds} (on the first terminal status). Steps have no counter
 * and no ratio, so lateness only shows in {@code vigil_late_events_total}.
 */
public final class Steps {
    private Steps() {
    }

    /** The store key of the step an event is about. */
    public static StepKey key(StepStatusChanged event) {
        return StepKey.of(event);
    }

    /**
     * Applies one step event.
     *
     * @param prev  the step's state, or null for a step not seen before
     * @param event the event
     * @param late  whether the event is late (decided by the caller from stream time)
     */
    public static Transition<StepState> apply(StepState prev, StepStatusChanged event, boolean late) {
        StepState s = prev == null ? StepState.initial() : prev;
        long t = event.meta().time().toEpochMilli();
        List<SeriesUpdate> updates = new ArrayList<>(3);
        StepStatus status = event.status();
        StepState next = s;
        if (status == StepStatus.QUEUED) {
            if (!s.queued() && !s.running() && !s.isTerminal()) {
                updates.add(queue(event.capability(), 1));
                next = new StepState(true, event.capability(), false, 0, null, 0);
            }
        } else if (status == StepStatus.RUNNING) {
            if (!s.running() && !s.isTerminal()) {
                if (s.inQueue()) {
                    updates.add(queue(s.queuedCapability(), -1));
                }
                next = new StepState(s.queued(), null, true, t, null, 0);
            }
        } else if (!s.isTerminal()) {
            if (s.inQueue()) {
                updates.add(queue(s.queuedCapability(), -1));
            }
            SeriesKey durationKey = SeriesKey.of(Metric.STEP_DURATION_SECONDS, event.agentName(), event.capability(),
                    status.wireName());
            if (event.durationMs() != null) {
                updates.add(new SeriesUpdate.Observe(durationKey, Durations.reportedSeconds(event.durationMs())));
            } else if (s.running()) {
                updates.add(new SeriesUpdate.Observe(durationKey, Durations.elapsedSeconds(s.runningAtMs(), t)));
            }
            next = new StepState(s.queued(), null, s.running(), s.runningAtMs(), status, t);
        }
        if (late) {
            updates.add(Lateness.counted(EventType.STEP_STATUS_CHANGED));
        }
        return new Transition<>(next, updates);
    }

    /** Whether a status ends a step: succeeded, failed, cancelled or timed out. */
    public static boolean isTerminal(StepStatus status) {
        return status != StepStatus.QUEUED && status != StepStatus.RUNNING;
    }

    private static SeriesUpdate queue(String capability, int delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.QUEUE_DEPTH, capability), delta);
    }
}
