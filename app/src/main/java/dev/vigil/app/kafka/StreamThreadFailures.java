package dev.vigil.app.kafka;

import dev.vigil.topology.RefusedInputs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a stream thread that died: replaced when the broker's refusal of one record
 * killed it, the whole client shut down otherwise (Kafka Streams' default).
 *
 * <p>Usage: {@code streams.setUncaughtExceptionHandler(new StreamThreadFailures(refused))}.
 *
 * <p>Under {@code exactly_once_v2} a refused record (see {@link RefusedRecordHandler}) leaves the
 * transaction unable to commit, and the thread dies on its next send or commit. Two signals say
 * that this is why, and either is enough:
 * <ul>
 *   <li>{@link RefusedInputs#takeNewRefusal()}: the production exception handler noted a refusal.
 *   It runs on the producer's I/O thread, in the send callback, and the producer enters its error
 *   state just before that callback: the stream thread can fail on a send in between, before the
 *   refusal is noted.</li>
 *   <li>So the cause chain is read too: the producer's "cannot send/commit, we are in an error
 *   state" exception carries the broker's refusal as its cause.</li>
 * </ul>
 * A replaced thread's task processes the same input again; once the refusal is noted it skips the
 * refused output. A replacement whose refusal was not yet noted fails once more the same way and
 * is replaced again, by which time it is noted: the loop ends after at most one extra pass.
 *
 * <p>Any other failure shuts the client down and {@code vigil run} exits with status 1, so that
 * its supervisor (Kubernetes, systemd) starts it again: a fresh process is what clears state that
 * the failed one may still hold (RocksDB locks of stores it could not close). One ERROR line says
 * so, with the failure's messages down its cause chain; Kafka Streams logs the stack trace.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {
    /** Deeper cause chains are not real refusals; the bound also protects against cycles. */
    private static final int MAX_CAUSE_DEPTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

    private final RefusedInputs refused;

    public StreamThreadFailures(RefusedInputs refused) {
        this.refused = refused;
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable failure) {
        // Always take the flag, so one refusal never excuses a later, unrelated failure.
        boolean noted = refused.takeNewRefusal();
        if (noted || refusedRecordIn(failure)) {
            LOG.warn("a stream thread stopped on a record the broker refused; replacing it: {}", causes(failure));
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        }
        LOG.error("Kafka Streams failed; Vigil stops and will exit with status 1, for its supervisor to start it "
                + "again: {}", causes(failure));
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    /**
     * The messages down the cause chain, outermost first: {@code A: m1 <- B: m2}. A wrapper whose
     * message is only its cause's ({@code new StreamsException(cause)}) shows as its class name, so
     * that each message appears once.
     */
    static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t : causeChain(failure)) {
            text.append(text.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
            boolean onlyWraps = t.getCause() != null && Objects.equals(t.getMessage(), t.getCause().toString());
            if (!onlyWraps) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /**
     * Whether the cause chain holds the broker's refusal of a single record: its timestamp, its size
     * or its format. Connection, authorization and fencing errors are not refusals.
     */
    static boolean refusedRecordIn(Throwable failure) {
        return causeChain(failure).stream().anyMatch(t -> t instanceof InvalidTimestampException
                || t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidRecordException || t instanceof CorruptRecordException);
    }

    /** The failure and its causes, outermost first, each once, at most {@link #MAX_CAUSE_DEPTH}. */
    private static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CAUSE_DEPTH && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
