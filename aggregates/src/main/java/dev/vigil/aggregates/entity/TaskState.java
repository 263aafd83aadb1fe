package dev.vigil.aggregates.entity;

import dev.vigil.serdes.event.TaskStatus;

/**
 * What Vigil remembers of one task (keyed by {@code task_id}): enough to count each status once,
 * track whether it is active, derive its duration, name its tenant and add up what its calls cost.
 * Times are event-time epoch milliseconds.
 *
 * @param submitted     a {@code submitted} has arrived (it was counted then)
 * @param submittedAtMs event time of the first {@code submitted}; meaningful when {@code submitted}
 * @param active        counted in {@code active_tasks} now
 * @param terminal      the first terminal status to arrive, or null while there is none
 * @param terminalAtMs  event time of that terminal status; meaningful when {@code terminal} is set
 * @param tenant        the first {@code tenant} a task event carried, or null while none has
 * @param costUsd       what the task's calls cost until it ended (calls after that count as late cost)
 */
public record TaskState(boolean submitted, long submittedAtMs, boolean active, TaskStatus terminal,
                        long terminalAtMs, String tenant, double costUsd) {

    public TaskState {
        if (terminal != null && !Tasks.isTerminal(terminal)) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        if (active && terminal != null) {
            throw new IllegalArgumentException("a terminal task is not active");
        }
        if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
            throw new IllegalArgumentException("a task's cost is finite and >= 0, not " + costUsd);
        }
    }

    /** A state without tenant or cost (tests, and the lifecycle alone). */
    public TaskState(boolean submitted, long submittedAtMs, boolean active, TaskStatus terminal, long terminalAtMs) {
        this(submitted, submittedAtMs, active, terminal, terminalAtMs, null, 0);
    }

    /** A task nothing is known about. */
    public static TaskState initial() {
        return new TaskState(false, 0, false, null, 0, null, 0);
    }

    public boolean isTerminal() {
        return terminal != null;
    }

    /**
     * Whether only calls have named this task so far: no task event has arrived (each sets
     * {@code submitted}, {@code active} or {@code terminal}).
     */
    public boolean knownFromCallsOnly() {
        return !submitted && !active && terminal == null;
    }

    /** This lifecycle with this state's tenant and cost kept. */
    TaskState withLifecycle(boolean submitted, long submittedAtMs, boolean active, TaskStatus terminal,
                            long terminalAtMs) {
        return new TaskState(submitted, submittedAtMs, active, terminal, terminalAtMs, tenant, costUsd);
    }

    public TaskState withTenant(String tenant) {
        return new TaskState(submitted, submittedAtMs, active, terminal, terminalAtMs, tenant, costUsd);
    }

    public TaskState plusCost(double usd) {
        return new TaskState(submitted, submittedAtMs, active, terminal, terminalAtMs, tenant, costUsd + usd);
    }
}
