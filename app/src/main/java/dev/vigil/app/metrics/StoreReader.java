package dev.vigil.app.metrics;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the local state stores of the active tasks this instance owns (Interactive Queries,
 * never standby replicas: stale stores are not enabled), so that summing a metric over all
 * instances counts every partition exactly once.
 */
public final class StoreReader {
    private final KafkaStreams streams;

    public StoreReader(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Sums a {@code String → Long} store over all local active partitions, key by key.
     *
     * @return the totals, or an empty map while the store is not queryable (rebalancing, restoring)
     */
    public Map<String, Long> sumLongs(String storeName) {
        Map<String, Long> totals = new TreeMap<>();
        try {
            ReadOnlyKeyValueStore<String, Long> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, Long> it = store.all()) {
                it.forEachRemaining(kv -> totals.merge(kv.key, kv.value, Long::sum));
            }
        } catch (InvalidStateStoreException e) {
            return Map.of();
        }
        return totals;
    }
}
