package dev.vigil.aggregates.entity;

import dev.vigil.serdes.event.StepStatus;

/**
 * What Vigil remembers of one step (keyed by {@link StepKey}): enough to count it in
 * {@code queue_depth} once and take it out again once, and to derive its duration.
 *
 * @param queued           the step was counted in {@code queue_depth} (by its first {@code queued},
 *                         arriving before any {@code running} or terminal status)
 * @param queuedCapability the {@code capability} the step is counted under in {@code queue_depth},
 *                         or null when it is not counted there now
 * @param running          a {@code running} has arrived before any terminal status
 * @param runningAtMs      event time of the first {@code running}; meaningful when {@code running}
 * @param terminal         the first terminal status to arrive, or null while there is none
 * @param terminalAtMs     event time of that terminal status; meaningful when {@code terminal} is set
 */
public record StepState(boolean queued, String queuedCapability, boolean running, long runningAtMs,
                        StepStatus terminal, long terminalAtMs) {

    public StepState {
        if (terminal != null && !Steps.isTerminal(terminal)) {
            throw new IllegalArgumentException(terminal + " is not a terminal status");
        }
        if (queuedCapability != null && (!queued || running || terminal != null)) {
            throw new IllegalArgumentException("only a queued step, not yet running or terminal, is in the queue");
        }
    }

    /** A step nothing is known about. */
    public static StepState initial() {
        return new StepState(false, null, false, 0, null, 0);
    }

    public boolean isTerminal() {
        return terminal != null;
    }

    /** Whether the step is counted in {@code queue_depth} now. */
    public boolean inQueue() {
        return queuedCapability != null;
    }
}
