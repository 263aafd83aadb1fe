package dev.vigil.aggregates.series;

import dev.vigil.aggregates.metric.MetricGroup;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The updates one event causes in one metric group: the unit that goes through the series-updates
 * topic, keyed by {@link MetricGroup#wireName()}, so that the updates of one event to one group are
 * applied together, in order, in the one partition that owns the group. {@code cause} (nullable)
 * is the event that caused them, which an alert they trigger names as its trigger.
 *
 * <p>{@code eventTimeMs} is the event time of that event, which the series stage's clock and alert
 * timers run on. It travels in the value because the record's own timestamp is the input record's
 * (a timestamp the broker has already accepted), not the event's, which may be years away.
 * {@link #NO_EVENT_TIME} marks a batch from a build that stamped the record with the event time
 * instead: the reader then takes the record timestamp.
 */
public record SeriesBatch(MetricGroup group, List<SeriesUpdate> updates, EventRef cause, long eventTimeMs) {
    /** The batch does not carry its event time (written by a build before format version 3). */
    public static final long NO_EVENT_TIME = Long.MIN_VALUE;

    /** A batch whose cause and event time are not recorded. */
    public SeriesBatch(MetricGroup group, List<SeriesUpdate> updates) {
        this(group, updates, null, NO_EVENT_TIME);
    }

    /** A batch whose event time is not recorded. */
    public SeriesBatch(MetricGroup group, List<SeriesUpdate> updates, EventRef cause) {
        this(group, updates, cause, NO_EVENT_TIME);
    }

    /** The same updates, caused by {@code cause} (the alerts they trigger name it). */
    public SeriesBatch withCause(EventRef cause) {
        return new SeriesBatch(group, updates, cause, eventTimeMs);
    }

    /** The same updates, caused by an event of time {@code eventTimeMs}. */
    public SeriesBatch at(long eventTimeMs) {
        return new SeriesBatch(group, updates, cause, eventTimeMs);
    }

    /** The event time, or {@code recordTimestamp} when the batch does not carry it. */
    public long eventTimeOr(long recordTimestamp) {
        return eventTimeMs == NO_EVENT_TIME ? recordTimestamp : eventTimeMs;
    }

    public SeriesBatch {
        Objects.requireNonNull(group, "group");
        updates = List.copyOf(updates);
        for (SeriesUpdate u : updates) {
            if (u.key().metric().group() != group) {
                throw new IllegalArgumentException(u.key().metric().metricName() + " is not in group "
                        + group.wireName());
            }
        }
    }

    /**
     * Splits updates into one batch per group, in the order each group first appears, keeping the
     * order of the updates within a group.
     */
    public static List<SeriesBatch> byGroup(List<SeriesUpdate> updates) {
        Map<MetricGroup, List<SeriesUpdate>> grouped = new EnumMap<>(MetricGroup.class);
        List<MetricGroup> order = new ArrayList<>();
        for (SeriesUpdate u : updates) {
            MetricGroup g = u.key().metric().group();
            grouped.computeIfAbsent(g, k -> {
                order.add(k);
                return new ArrayList<>();
            }).add(u);
        }
        List<SeriesBatch> batches = new ArrayList<>(order.size());
        for (MetricGroup g : order) {
            batches.add(new SeriesBatch(g, grouped.get(g)));
        }
        return List.copyOf(batches);
    }
}
