package dev.vigil.topology.series;

import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesStore;
import dev.vigil.aggregates.series.SeriesValue;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The series stage's view of the {@code series} store, write-through, with the decoded values kept
 * in memory. Every update reads its series (and the metric's series count and window clock) two or
 * three times before writing it; through the store alone each read encodes the key, looks it up in
 * the record cache and decodes the value (about a third of the series stage in the profile).
 *
 * <p>Bounded: a task holds at most the series of its metric groups, which the cardinality cap
 * bounds ({@code aggregates.max_series_per_metric} per metric). Every write still goes to the store
 * (so its changelog, the record cache and interactive queries see it at once); the map is only a
 * faster read path. One instance per processor initialisation: a task that is re-initialised (after
 * a rebalance or a corrupted-task revival) starts with an empty map and reads the restored store.
 */
final class MemoizedSeriesStore implements SeriesStore {
    private final KeyValueStore<String, SeriesValue> store;
    private final Map<SeriesKey, SeriesValue> decoded = new HashMap<>();

    MemoizedSeriesStore(KeyValueStore<String, SeriesValue> store) {
        this.store = store;
    }

    @Override
    public SeriesValue get(SeriesKey key) {
        SeriesValue value = decoded.get(key);
        if (value == null && !decoded.containsKey(key)) {
            value = store.get(key.encode());
            decoded.put(key, value);
        }
        return value;
    }

    @Override
    public void put(SeriesKey key, SeriesValue value) {
        store.put(key.encode(), value);
        decoded.put(key, value);
    }
}
