package dev.vigil.topology;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The stream time of a stage in event time: the largest event time of the events (or series
 * batches) its partition has consumed, as docs/aggregates.md defines it. The entity stage's clock
 * ({@link StoreNames#EVENT_CLOCK}) counts every valid event, duplicates included, invalid records
 * and events dead-lettered as {@code time_in_future} not; the series stage keeps its own
 * ({@link StoreNames#SERIES_CLOCK}).
 *
 * <p>Kafka Streams' own stream time is the largest <em>record</em> timestamp of the task's input,
 * and no record Vigil writes carries the event time as its timestamp: brokers refuse timestamps
 * too far ahead of their clock (Kafka 4: {@code message.timestamp.after.max.ms}, one hour by
 * default) and negative ones, and an event's {@code time} may be anything from year 0 to year
 * 9999. So records keep the input record's timestamp, which the broker has already accepted, and
 * each stage keeps its clock in event time: dedup advances the entity stage's clock with every
 * valid event and the entity stage reads it; the series stage advances its own. Each clock is kept
 * in a changelogged store (one entry per task, coalesced by the record cache to one changelog
 * record per commit), so a restart resumes from the same time.
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

    /** The entity stage's clock of this processor's task, as last stored. */
    public static EventClock of(ProcessingContext context) {
        return of(context, StoreNames.EVENT_CLOCK);
    }

    /** The clock kept in {@code storeName} for this processor's task, as last stored. */
    public static EventClock of(ProcessingContext context, String storeName) {
        return new EventClock(context.getStateStore(storeName));
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
