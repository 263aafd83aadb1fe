package dev.vigil.app.kafka;

import dev.vigil.topology.RefusedInputs;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Vigil does when the broker refuses a record it writes (a repartition, changelog, alert or
 * dead-letter record): log it with the input record it came from, and go on.
 *
 * <p>Vigil stamps every record it writes with a timestamp the broker has already accepted (the
 * input record's, or the wall clock for alerts) and creates its internal topics with
 * {@code message.timestamp.type=LogAppendTime}, so a refusal for the timestamp needs a topic
 * configured more strictly than the input topic. Kafka Streams' default handler answers such a
 * refusal with FAIL, and the input record that caused it stays uncommitted: every restart fails
 * on it again. This handler answers RESUME instead (docs: dead letters, "When the broker refuses a
 * record"):
 * <ul>
 *   <li>{@code at_least_once}: the refused record is dropped, everything else of that input record
 *       stands, and its offset is committed with the rest.</li>
 *   <li>{@code exactly_once_v2}: the producer cannot commit a transaction that lost a record, so
 *       the commit fails and the stream thread with it. The input record is noted in
 *       {@link RefusedInputs}; Vigil's uncaught-exception handler replaces the thread (instead of
 *       shutting the client down) when a refusal came first; the task processes the same input
 *       again from the last commit and, for a refused dead letter, counts it without writing it.
 *       The rest of that transaction's work is redone exactly once.</li>
 * </ul>
 * Retriable errors (a slow or unavailable broker) are left to Kafka Streams' own retries.
 */
public final class RefusedRecordHandler implements ProductionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedRecordHandler.class);

    /** The configuration key under which Vigil hands this handler its {@link RefusedInputs}. */
    public static final String REFUSED_INPUTS_CONFIG = "vigil.refused.inputs";

    private RefusedInputs refused = new RefusedInputs();

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(REFUSED_INPUTS_CONFIG) instanceof RefusedInputs shared) {
            refused = shared;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        LOG.error("Kafka refused a record for {} (timestamp {}): {}; it was written while processing {}-{}@{}"
                        + " (task {}, processor {}); the record is dropped and processing goes on",
                record.topic(), record.timestamp(), exception.toString(), context.topic(), context.partition(),
                context.offset(), context.taskId(), context.processorNodeId());
        refused.add(context.topic(), context.partition(), context.offset());
        return Response.resume();
    }
}
