package dev.vigil.topology;

/**
 * The record timestamps a topic accepts, relative to the broker's clock: from {@code beforeMs} in the
 * past to {@code afterMs} in the future (a {@code CreateTime} topic's
 * {@code message.timestamp.before.max.ms} and {@code message.timestamp.after.max.ms}).
 *
 * <p>Usage: {@code TimestampWindow.of(60_000, 3_600_000).accepts(record.timestamp(), now)}.
 *
 * <p>Vigil checks a dead letter against its topic's window before sending it: a dead letter keeps
 * the input record's timestamp, and a dead-letter topic configured more strictly than the input
 * topic would refuse it. Under exactly-once a refused record costs the stream thread and a
 * rebalance (up to the group's session timeout); a record known to be refused is counted and logged
 * instead, at no cost. The broker's own check stays the backstop (clocks differ by milliseconds).
 */
public record TimestampWindow(long beforeMs, long afterMs) {
    /** A topic that takes any timestamp ({@code LogAppendTime}, or no limits). */
    public static final TimestampWindow ANY = new TimestampWindow(Long.MAX_VALUE, Long.MAX_VALUE);

    public TimestampWindow {
        if (beforeMs < 0 || afterMs < 0) {
            throw new IllegalArgumentException("a timestamp window is not negative: " + beforeMs + ", " + afterMs);
        }
    }

    public static TimestampWindow of(long beforeMs, long afterMs) {
        return new TimestampWindow(beforeMs, afterMs);
    }

    /** Whether a record stamped {@code timestampMs} fits when the clock reads {@code nowMs}. */
    public boolean accepts(long timestampMs, long nowMs) {
        // Subtractions, not additions: the limits default to Long.MAX_VALUE.
        long age = nowMs - timestampMs;
        return age >= 0 ? age <= beforeMs : -age <= afterMs;
    }
}
