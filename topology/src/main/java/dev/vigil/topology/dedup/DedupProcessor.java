package dev.vigil.topology.dedup;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.topology.Counts;
import dev.vigil.topology.EventClock;
import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.SelfMetricKey.Outcome;
import dev.vigil.topology.StoreNames;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Drops repeats of an event's (source, id) seen within the dedup horizon (docs/events.md, Duplicates) and counts
 * every valid event as {@code accepted} or {@code duplicate}.
 *
 * <p>Runs after the re-key by entity: exact repeats carry the same entity, so they meet in the
 * same task whatever key the producer used. An event is a repeat when its (source, id) was
 * accepted at an event time no more than one horizon behind this partition's stream time (its
 * {@link EventClock}, which this processor advances with every valid event). Ids are
 * remembered in the window store {@link StoreNames#DEDUP_SEEN} at the event time they were
 * accepted; its retention is the horizon, so ids leave with whole segments as stream time moves on
 * (one changelog record per accepted event, no deletes). The horizon is judged in stream (event)
 * time, so replaying a topic gives the same verdicts as the live run did.
 */
public final class DedupProcessor implements Processor<String, AgentEvent, String, AgentEvent> {
    private static final byte[] SEEN = new byte[0];

    private final long horizonMs;
    private ProcessorContext<String, AgentEvent> context;
    private WindowStore<String, byte[]> seen;
    private EventClock clock;
    private KeyValueStore<String, Long> counts;

    public DedupProcessor(Duration horizon) {
        this.horizonMs = horizon.toMillis();
    }

    @Override
    public void init(ProcessorContext<String, AgentEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(StoreNames.DEDUP_SEEN);
        this.counts = context.getStateStore(StoreNames.DEDUP_OUTCOMES);
        this.clock = EventClock.of(context);
    }

    @Override
    public void process(Record<String, AgentEvent> record) {
        AgentEvent event = record.value();
        String key = event.dedupKey();
        String typeLabel = event.meta().type().wireName();
        long eventTime = event.eventTimeMs();
        // Duplicates move the clock too: they were consumed (docs/aggregates.md).
        long cutoff = clock.advance(eventTime) - horizonMs;
        try (WindowStoreIterator<byte[]> it = seen.fetch(key, Math.max(0, cutoff), Long.MAX_VALUE)) {
            if (it.hasNext()) {
                Counts.increment(counts, new SelfMetricKey.Events(typeLabel, Outcome.DUPLICATE).encode());
                return;
            }
        }
        // An event accepted more than a horizon behind stream time can never be repeated within the
        // horizon (stream time only grows), and the store would drop it as expired anyway. Window
        // stores hold times >= 0: a pre-1970 event is remembered at 0, where the fetch above finds it.
        if (eventTime >= cutoff) {
            seen.put(key, SEEN, Math.max(0, eventTime));
        }
        Counts.increment(counts, new SelfMetricKey.Events(typeLabel, Outcome.ACCEPTED).encode());
        context.forward(record);
    }
}
