package dev.vigil.topology;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stream time of the entity stage: the largest event time of the events its partition has
 * consumed (duplicates included, invalid records not), as docs/aggregates.md defines it.
 *
 * <p>Kafka Streams' own stream time is the largest <em>record</em> timestamp of the task's input.
 * That equals the event time when the entity stage reads {@code events-by-entity} (whose records
 * carry the event time), but not when it reads the input topic directly
 * ({@code topics.input_keyed_by_entity}), where record timestamps are the producer's. So the stage
 * keeps its own clock: dedup advances it with every valid event, the entity stage reads it. It is
 * kept in the changelogged store {@link StoreNames#EVENT_CLOCK} (one entry per task, coalesced by
 * the record cache to one changelog record per commit), so a restart resumes from the same time.
 */
public final class EventClock {
    private static final String KEY = "event-time";

    private final KeyValueStore<String, Long> store;
    private long now;

    private EventClock(KeyValueStore<String, Long> store) {
        this.store = store;
        Long stored = store.get(KEY);
        this.now = stored == null ? Long.MIN_VALUE : stored;
    }

    /** The clock of this processor's task, as last stored. */
    public static EventClock of(ProcessingContext context) {
        return new EventClock(context.getStateStore(StoreNames.EVENT_CLOCK));
    }

    /** Moves the clock to {@code eventTimeMs} if that is later, and returns the time now. */
    public long advance(long eventTimeMs) {
        if (eventTimeMs > now) {
            now = eventTimeMs;
            store.put(KEY, eventTimeMs);
        }
        return now;
    }

    /**
     * The time now as the store has it: reads the store, so that a processor downstream of the one
     * that advances the clock sees every advance.
     */
    public long read() {
        Long stored = store.get(KEY);
        now = stored == null ? Long.MIN_VALUE : stored;
        return now;
    }
}
