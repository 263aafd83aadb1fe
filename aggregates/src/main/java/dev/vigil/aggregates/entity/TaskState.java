package dev.vigil.aggregates.entity;

import dev.vigil.serdes.event.TaskStatus;

/**
 * What Vigil remembers of one task (keyed by {@code task_id}): enough to count each status once,
 * track whether it is active and derive its duration. Times are event-time epoch milliseconds.
 *
 * @param submitted     a {@code submitted} has arrived (it was counted then)
 * @param submittedAtMs event time of the first {@code submitted}; meaningful when {@code submitted}
 * @param active        counted in {@code active_tasks} now
 * @param terminal      the first terminal status to arrive, or null while there is none
 * @param terminalAtMs  event time of that terminal status; meaningful when {@code terminal} is set
 */
public record TaskState(boolean submitted, long submittedAtMs, boolean active, TaskStatus terminal,
                        long terminalAtMs) {

    public TaskState {
        if (terminal != null && !Tasks.isTerminal(terminal)) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        if (active && terminal != null) {
            throw new IllegalArgumentException("a terminal task is not active");
        }
    }

    /** A task nothing is known about. */
    public static TaskState initial() {
        return new TaskState(false, 0, false, null, 0);
    }

    public boolean isTerminal() {
        return terminal != null;
    }
}
