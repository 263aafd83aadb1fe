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
     * Visits every entry of a {@code String}-keyed store over all local active partitions; visits
     * nothing while the store is not queryable (rebalancing, restoring).
     */
    public <V> void forEach(String storeName, java.util.function.BiConsumer<String, V> visitor) {
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(
                    StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
            try (KeyValueIterator<String, V> it = store.all()) {
                it.forEachRemaining(kv -> visitor.accept(kv.key, kv.value));
            }
        } catch (InvalidStateStoreException e) {
            // Not queryable now: the scrape shows what is available; the next one will be complete.
        }
    }

    /**
     * Sums a {@code String → Long} store over all local active partitions, key by key.
     *
     * @return the totals, or an empty map while the store is not queryable (rebalancing, restoring)
     */
    public Map<String, Long> sumLongs(String storeName) {
        Map<String, Long> totals = new TreeMap<>();
        this.<Long>forEach(storeName, (key, value) -> totals.merge(key, value, Long::sum));
        return totals;
    }
}
