package dev.vigil.topology.ingest;

import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.AgentEvent;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys a valid event by its entity (task, call, lease, pool) and stamps it with its event
 * time, so that downstream stream time, windows and punctuation run on event time. The input
 * headers are dropped: the typed event carries everything downstream needs, and the repartition
 * topic should not pay for the {@code ce_} headers twice.
 */
public final class KeyByEntityProcessor implements Processor<byte[], Parsed, String, AgentEvent> {
    private ProcessorContext<String, AgentEvent> context;

    @Override
    public void init(ProcessorContext<String, AgentEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], Parsed> record) {
        AgentEvent event = ((ParseResult.Valid) record.value().result()).event();
        context.forward(new Record<>(event.entityKey(), event, 
                // Kafka timestamps cannot be negative; a pre-1970 event time is pinned to 0.
                Math.max(0L, event.meta().time().toEpochMilli()),
                new RecordHeaders()));
    }
}
