package dev.vigil.topology;

import java.util.Objects;

/**
 * A key of the outcome-count stores behind the self-metrics {@code vigil_events_total{type,outcome}}
 * and {@code vigil_dlq_total{reason}}: one key per series, so a store holds one entry per series
 * and rendering costs the number of series, never the number of events.
 *
 * <p>The encoded keys are the stores' keys, an upgrade contract: {@code events|<type>|<outcome>}
 * and {@code dlq|<reason>}. This type is the only place that writes or reads them.
 */
public sealed interface SelfMetricKey permits SelfMetricKey.Events, SelfMetricKey.DeadLetters {

    /** The store key. */
    String encode();

    /**
     * The key of {@link #encode()}.
     *
     * @throws IllegalArgumentException if {@code encoded} is not a self-metric key
     */
    static SelfMetricKey decode(String encoded) {
        if (encoded.startsWith(Events.PREFIX)) {
            // The outcome is the last field: one of three fixed words without a separator.
            int bar = encoded.lastIndexOf(SEPARATOR);
            if (bar >= Events.PREFIX.length()) {
                return new Events(encoded.substring(Events.PREFIX.length(), bar),
                        Outcome.fromWireName(encoded.substring(bar + 1)));
            }
        } else if (encoded.startsWith(DeadLetters.PREFIX)) {
            return new DeadLetters(encoded.substring(DeadLetters.PREFIX.length()));
        }
        throw new IllegalArgumentException("not a self-metric key: '" + encoded + "'");
    }

    /** Separates the fields of a key. */
    char SEPARATOR = '|';

    /** What became of an input record: the {@code outcome} label of {@code vigil_events_total}. */
    enum Outcome {
        ACCEPTED("accepted"),
        DUPLICATE("duplicate"),
        INVALID("invalid");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        /** The label value, as in the store key. */
        public String wireName() {
            return wireName;
        }

        static Outcome fromWireName(String name) {
            for (Outcome o : values()) {
                if (o.wireName.equals(name)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown outcome '" + name + "'");
        }
    }

    /**
     * The series {@code vigil_events_total{type,outcome}}.
     *
     * @param type the CloudEvent type label: one of the six types of docs/events.md, or "unknown"
     */
    record Events(String type, Outcome outcome) implements SelfMetricKey {
        static final String PREFIX = "events" + SEPARATOR;

        public Events {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(outcome, "outcome");
        }

        @Override
        public String encode() {
            return PREFIX + type + SEPARATOR + outcome.wireName();
        }
    }

    /**
     * The series {@code vigil_dlq_total{reason}}.
     *
     * @param reason the dead-letter reason's wire name (docs/dead-letters.md)
     */
    record DeadLetters(String reason) implements SelfMetricKey {
        static final String PREFIX = "dlq" + SEPARATOR;

        public DeadLetters {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String encode() {
            return PREFIX + reason;
        }
    }
}
