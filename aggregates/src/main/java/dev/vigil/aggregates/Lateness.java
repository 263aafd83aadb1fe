package dev.vigil.aggregates;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;

/**
 * The late-event rule of docs/aggregates.md: an event is late when its event time is earlier than
 * the entity partition's stream time (including the event itself) minus {@code aggregates.grace}.
 * The topology knows stream time and decides; the state machines only act on the answer: they leave
 * a late event out of the windows and count it in {@code vigil_late_events_total{type}}.
 */
public final class Lateness {
    private Lateness() {
    }

    /**
     * @param eventTimeMs  the event's time
     * @param streamTimeMs the partition's stream time, already advanced by this event
     *                     ({@code max(previous stream time, eventTimeMs)})
     * @param graceMs      {@code aggregates.grace}
     */
    public static boolean isLate(long eventTimeMs, long streamTimeMs, long graceMs) {
        return eventTimeMs < streamTimeMs - graceMs;
    }

    /** {@code vigil_late_events_total{type}} + 1 for a late event of this type. */
    public static SeriesUpdate counted(EventType type) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_LATE_EVENTS_TOTAL, type.wireName()), 1);
    }
}
