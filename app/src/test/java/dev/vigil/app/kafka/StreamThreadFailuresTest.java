package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.topology.RefusedInputs;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(StreamThreadFailures.class);
    /** The lines StreamThreadFailures logs during a test. */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(lines);
    }

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

    @Test
    void aShutdownSaysWhyInOneLineAndThatASupervisorShouldRestartVigil() {
        // As Kafka Streams 4.4.0 failed in the crash run: a store segment left locked by this process.
        StreamsException failure = new StreamsException(new ProcessorStateException(
                "Error opening store dedup-seen.1796472000000 at location /state/1_1/dedup-seen",
                new RuntimeException("lock hold by current process: /state/1_1/dedup-seen/LOCK: No locks available")));

        assertThat(new StreamThreadFailures(new RefusedInputs()).handle(failure)).isEqualTo(SHUTDOWN_CLIENT);

        assertThat(lines.list).hasSize(1);
        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.ERROR);
        assertThat(line.getFormattedMessage())
                .contains("Kafka Streams failed")
                .contains("exit with status 1")
                // Each message once: the StreamsException only wraps its cause.
                .endsWith("StreamsException <- ProcessorStateException: Error opening store dedup-seen.1796472000000 "
                        + "at location /state/1_1/dedup-seen <- RuntimeException: lock hold by current process: "
                        + "/state/1_1/dedup-seen/LOCK: No locks available");
        // One line: the stack trace is Kafka Streams' own ERROR, logged just before.
        assertThat(line.getThrowableProxy()).isNull();
    }

    @Test
    void aReplacedThreadIsAWarningNotAnError() {
        StreamThreadFailures failures = new StreamThreadFailures(new RefusedInputs());

        assertThat(failures.handle(failedSendAfter(new RecordTooLargeException("too big")))).isEqualTo(REPLACE_THREAD);

        assertThat(lines.list).singleElement().satisfies(l -> assertThat(l.getLevel()).isEqualTo(Level.WARN));
    }
}
