package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import dev.vigil.topology.RefusedInputs;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

    /** As the transactional producer reports it: its error state, caused by the broker's refusal. */
    private static StreamsException failedSendAfter(Exception refusal) {
        return new StreamsException("Error encountered trying to send record to topic app-ingest-outcomes-changelog",
                new KafkaException("Cannot perform send because at least one previous transactional or "
                        + "idempotent request has failed with errors.", refusal));
    }

    @Test
    void aNotedRefusalReplacesTheThreadOnce() {
        RefusedInputs refused = new RefusedInputs();
        StreamThreadFailures failures = new StreamThreadFailures(refused);
        refused.add("events", 0, 7);

        assertThat(failures.handle(new StreamsException("commit failed"))).isEqualTo(REPLACE_THREAD);
        assertThat(failures.handle(new StreamsException("commit failed"))).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void aRefusalNotYetNotedIsReadFromTheCauseChain() {
        StreamThreadFailures failures = new StreamThreadFailures(new RefusedInputs());

        assertThat(failures.handle(failedSendAfter(new InvalidTimestampException("out of range"))))
                .isEqualTo(REPLACE_THREAD);
        assertThat(failures.handle(failedSendAfter(new RecordTooLargeException("too large"))))
                .isEqualTo(REPLACE_THREAD);
    }

    @Test
    void otherFailuresShutTheClientDown() {
        StreamThreadFailures failures = new StreamThreadFailures(new RefusedInputs());

        assertThat(failures.handle(failedSendAfter(new TopicAuthorizationException("denied"))))
                .isEqualTo(SHUTDOWN_CLIENT);
        assertThat(failures.handle(new StreamsException(new TimeoutException("no broker"))))
                .isEqualTo(SHUTDOWN_CLIENT);
        assertThat(failures.handle(new IllegalStateException("a bug"))).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void aCyclicCauseChainEnds() {
        KafkaException a = new KafkaException("a");
        KafkaException b = new KafkaException("b", a);
        a.initCause(b);

        assertThat(StreamThreadFailures.refusedRecordIn(a)).isFalse();
    }
}
