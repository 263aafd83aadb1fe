package dev.vigil.simulator;

import java.util.Locale;

/** The {@code outcome} label of {@code vigil_events_total}. */
public enum Outcome {
    /** A valid event whose (source, id) was not seen before. */
    ACCEPTED,
    /** A valid event whose (source, id) was seen before (an exact re-send). */
    DUPLICATE,
    /** A record that is dead-lettered (docs/dead-letters.md). */
    INVALID;

    /** The metric label: {@code accepted}, {@code duplicate} or {@code invalid}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
