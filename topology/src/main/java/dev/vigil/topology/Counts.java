package dev.vigil.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counting in a changelogged key-value store: the counts survive restarts and, under
 * exactly-once, commit atomically with the records that caused them.
 */
public final class Counts {
    private Counts() {
    }

    public static void increment(KeyValueStore<String, Long> store, String key) {
        Long current = store.get(key);
        store.put(key, current == null ? 1L : current + 1L);
    }
}
