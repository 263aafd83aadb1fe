package dev.vigil.topology.ingest;

import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.AgentEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys a valid event by its entity (task, call, lease, pool) and tells whether the record already
 * is in its entity's partition ({@link Routed#home()}, by {@link EntityHome}); without a home (the
 * input's partition count unknown) every record is away. The record keeps the input
 * record's timestamp, which the broker has already accepted: the event's {@code time} travels in
 * the value, where every event-time rule reads it ({@link dev.vigil.topology.EventClock}). Stamped
 * with the event time, one event 12 hours ahead was refused by the broker
 * ({@code message.timestamp.after.max.ms}) and stopped the application on every restart. The input
 * headers are dropped: the typed event carries everything downstream needs, and the repartition
 * topic should not pay for the {@code ce_} headers twice.
 */
public final class KeyByEntityProcessor implements Processor<byte[], Parsed, String, Routed> {
    private final EntityHome home;
    private ProcessorContext<String, Routed> context;

    /** @param home where entities live; null: unknown, every record crosses {@code events-by-entity} */
    public KeyByEntityProcessor(EntityHome home) {
        this.home = home;
    }

    @Override
    public void init(ProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Parsed> record) {
        AgentEvent event = ((ParseResult.Valid) record.value().result()).event();
        String key = event.entityKey();
        boolean atHome = home != null && context.recordMetadata()
                .map(m -> m.partition() == home.partition(key)).orElse(false);
        context.forward(new Record<>(key, new Routed(event, atHome), record.timestamp(), new RecordHeaders()));
    }
}
