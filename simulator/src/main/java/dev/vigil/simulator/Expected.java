package dev.vigil.simulator;

import java.util.Objects;

/**
 * What Vigil must make of one record, by the contract.
 *
 * @param outcome   accepted, duplicate or invalid
 * @param typeLabel the {@code vigil_events_total{type}} label: the type when it is one of the six types of
 *                  docs/events.md and readable per docs/dead-letters.md, else {@code unknown}
 * @param reason    the dead-letter reason of an invalid record, else null
 * @param mode      the content mode the contract's decision order reads the record in
 * @param event     the event of a valid (accepted or duplicate) record, else null
 */
public record Expected(Outcome outcome, String typeLabel, DlqReason reason, ContentMode mode, SimEvent event) {
    public Expected {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(typeLabel, "typeLabel");
        Objects.requireNonNull(mode, "mode");
        if ((outcome == Outcome.INVALID) != (reason != null)) {
            throw new IllegalArgumentException("a reason is given exactly for invalid records");
        }
        if ((outcome == Outcome.INVALID) == (event != null)) {
            throw new IllegalArgumentException("an event is given exactly for valid records");
        }
    }

    static Expected valid(Outcome outcome, ContentMode mode, SimEvent event) {
        return new Expected(outcome, event.type().type(), null, mode, event);
    }

    static Expected invalid(DlqReason reason, String typeLabel, ContentMode mode) {
        return new Expected(Outcome.INVALID, typeLabel, reason, mode, null);
    }

    /** The (source of the) event of a valid record, else null. */
    public String source() {
        return event == null ? null : event.source();
    }

    /** The id of the event of a valid record, else null. */
    public String id() {
        return event == null ? null : event.id();
    }

    /** The type of the event of a valid record, else null. */
    public EventType type() {
        return event == null ? null : event.type();
    }

    /** True for accepted and duplicate records. */
    public boolean valid() {
        return outcome != Outcome.INVALID;
    }
}
