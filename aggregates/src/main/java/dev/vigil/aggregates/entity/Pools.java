package dev.vigil.aggregates.entity;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.PoolStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * The pool rule of docs/aggregates.md ("Pools"): the status with the latest event time wins (on a tie
 * the later arrival), absent fields keep their value, and an older status arriving later changes
 * nothing. A winning status sets the stored {@code pool_capacity} (the reported one; the configured
 * capacity applies at render time until then) and, when it has one, {@code pool_healthy}.
 */
public final class Pools {
    private Pools() {
    }

    /**
     * Applies one pool status.
     *
     * @param prev the pool's state, or null for a pool without status so far
     * @param late whether the event is late (only counted in {@code vigil_late_events_total})
     */
    public static Transition<PoolState> apply(PoolState prev, PoolStatus event, boolean late) {
        long t = event.meta().time().toEpochMilli();
        List<SeriesUpdate> updates = new ArrayList<>(3);
        PoolState next = prev;
        if (prev == null || t >= prev.statusTimeMs()) {
            Long healthy = event.healthy() != null ? event.healthy() : prev == null ? null : prev.healthy();
            next = new PoolState(t, event.capacity(), healthy);
            updates.add(new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_CAPACITY, event.pool()), event.capacity()));
            if (event.healthy() != null) {
                updates.add(new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_HEALTHY, event.pool()), event.healthy()));
            }
        }
        if (late) {
            updates.add(Lateness.counted(EventType.POOL_STATUS));
        }
        return new Transition<>(next, updates);
    }
}
