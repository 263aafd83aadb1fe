package dev.vigil.alerting;

/**
 * A value judged against a rule: what the alert data carries ({@link AlertTransition.Reading}) and the two
 * conditions the engine's state machine steps on.
 *
 * @param breach the firing condition against the threshold
 * @param holds  the condition that keeps a firing alert firing, against the resolve threshold
 */
public record Judgement(Double value, Long samples, String window, double threshold, boolean breach,
                        boolean holds) {

    /** What the instance's state says about its last judgement (for timers of values that time cannot move). */
    static Judgement stored(AlertInstance inst) {
        boolean on = inst.state() == AlertInstance.State.PENDING
                || (inst.state() == AlertInstance.State.FIRING && inst.clearingSinceMs() == AlertInstance.NONE);
        return new Judgement(inst.value(), inst.samples(), inst.window(), inst.threshold(), on, on);
    }

    /** The alert data's view of it. */
    AlertTransition.Reading reading() {
        return new AlertTransition.Reading(value, threshold, window, samples);
    }
}
