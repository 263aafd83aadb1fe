package dev.vigil.serdes;

import dev.vigil.serdes.event.AgentEvent;

/** The verdict on one input record: a typed event, or a rejection with a docs/dead-letters.md reason. */
public sealed interface ParseResult {

    /** The {@code type} label for {@code vigil_events_total}: a known type or "unknown". */
    String typeLabel();

    record Valid(AgentEvent event) implements ParseResult {
        @Override
        public String typeLabel() {
            return event.meta().type().wireName();
        }
    }

    /**
     * @param reason    the dead-letter reason
     * @param detail    human-readable, names the offending field or attribute
     * @param typeLabel the record's type if readable and one of the six types of docs/events.md, else "unknown"
     */
    record Invalid(DlqReason reason, String detail, String typeLabel) implements ParseResult {
    }
}
