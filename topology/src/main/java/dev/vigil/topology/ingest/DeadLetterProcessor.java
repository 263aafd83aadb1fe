package dev.vigil.topology.ingest;

import dev.vigil.serdes.DeadLetters;
import dev.vigil.serdes.ParseResult;
import dev.vigil.topology.Counts;
import dev.vigil.topology.RefusedInputs;
import dev.vigil.topology.TimestampWindow;
import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.SelfMetricKey.Outcome;
import dev.vigil.topology.StoreNames;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores an invalid record's original value, appends the docs/dead-letters.md error headers after its
 * own (which stay untouched) and counts it as {@code invalid} and under its DLQ reason.
 */
public final class DeadLetterProcessor implements FixedKeyProcessor<byte[], Parsed, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessor.class);

    private final RefusedInputs refused;
    private final TimestampWindow accepted;
    private FixedKeyProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Long> counts;

    public DeadLetterProcessor() {
        this(new RefusedInputs(), TimestampWindow.ANY);
    }

    /**
     * @param refused  input records whose dead letter the broker refused before: counted, not written again
     * @param accepted the timestamps the dead-letter topic takes: a dead letter outside is counted, not written
     */
    public DeadLetterProcessor(RefusedInputs refused, TimestampWindow accepted) {
        this.refused = refused;
        this.accepted = accepted;
    }

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.counts = context.getStateStore(StoreNames.INGEST_OUTCOMES);
    }

    @Override
    public void process(FixedKeyRecord<byte[], Parsed> record) {
        ParseResult.Invalid invalid = (ParseResult.Invalid) record.value().result();
        // Record metadata is present for records read from a topic, which every record here is.
        RecordMetadata origin = context.recordMetadata().orElseThrow();
        DeadLetters.addErrorHeaders(record.headers(), invalid.reason(), invalid.detail(),
                origin.topic(), origin.partition(), origin.offset());
        // DEBUG: bad input must not flood the logs; vigil_dlq_total counts it. With tracing on, the
        // line carries the record's trace_id and span_id (MDC).
        LOG.debug("dead-lettered {}-{}@{}: {}: {}", origin.topic(), origin.partition(), origin.offset(),
                invalid.reason().wireName(), invalid.detail());
        increment(new SelfMetricKey.Events(invalid.typeLabel(), Outcome.INVALID));
        increment(new SelfMetricKey.DeadLetters(invalid.reason().wireName()));
        if (refused.contains(origin.topic(), origin.partition(), origin.offset())) {
            LOG.error("not dead-lettering {}-{}@{} ({}) again: the broker refused its dead letter before",
                    origin.topic(), origin.partition(), origin.offset(), invalid.reason().wireName());
            return;
        }
        long now = context.currentSystemTimeMs();
        if (!accepted.accepts(record.timestamp(), now)) {
            // The broker would refuse it (and, under exactly-once, the whole transaction with it).
            LOG.error("not dead-lettering {}-{}@{} ({}): its timestamp {} is outside what the dead-letter topic"
                            + " accepts ({} ms before to {} ms after now, {}); raise the topic's"
                            + " message.timestamp.before.max.ms / after.max.ms or use LogAppendTime",
                    origin.topic(), origin.partition(), origin.offset(), invalid.reason().wireName(),
                    record.timestamp(), accepted.beforeMs(), accepted.afterMs(), now);
            return;
        }
        context.forward(record.withValue(record.value().rawValue()));
    }

    private void increment(SelfMetricKey key) {
        Counts.increment(counts, key.encode());
    }
}
