package dev.vigil.aggregates.entity;

import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesUpdate;

import java.util.List;
import java.util.Objects;

/**
 * What applying one event (or a TTL expiry) to an entity yields: the entity's next state, to put
 * back into its store, and the series updates to send to the series stage. An event that changes
 * nothing yields the previous state (equal, so the caller may skip the write) and no update, or
 * only the late-event count.
 *
 * @param next    the state after the event, never null
 * @param updates the series updates, in order
 */
public record Transition<S>(S next, List<SeriesUpdate> updates) {
    public Transition {
        Objects.requireNonNull(next, "next");
        updates = List.copyOf(updates);
    }

    /** {@link #updates()} split per metric group, one record each for the series-updates topic. */
    public List<SeriesBatch> batches() {
        return SeriesBatch.byGroup(updates);
    }
}
