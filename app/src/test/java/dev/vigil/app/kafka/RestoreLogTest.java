package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RestoreLogTest {
    private static final TopicPartition A0 = new TopicPartition("app-task-state-changelog", 0);
    private static final TopicPartition A1 = new TopicPartition("app-task-state-changelog", 1);
    private static final TopicPartition B0 = new TopicPartition("app-series-changelog", 0);

    private final Logger logger = (Logger) LoggerFactory.getLogger(RestoreLog.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong();
    private final RestoreLog log = new RestoreLog(nanos::get);

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void oneLineOnceTheLastStoreOfAnEpisodeIsRestored() {
        log.onRestoreStart(A0, "task-state", 0, 100);
        log.onRestoreStart(A1, "task-state", 0, 50);
        log.onRestoreStart(B0, "series", 10, 20);
        log.onBatchRestored(A0, "task-state", 60, 60);
        log.onBatchRestored(B0, "series", 20, 10);
        log.onRestoreEnd(B0, "series", 10);
        log.onBatchRestored(A0, "task-state", 100, 40);
        log.onRestoreEnd(A0, "task-state", 100);
        assertThat(lines.list).isEmpty();

        nanos.set(2_500_000_000L);
        log.onBatchRestored(A1, "task-state", 50, 50);
        log.onRestoreSuspended(A1, "task-state", 50);

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "state restored from changelogs: 160 records into 2 stores (3 changelog partitions) in 2.500 s");
        assertThat(log.totalRecords()).isEqualTo(160);
    }

    @Test
    void eachEpisodeCountsItsOwnRecordsAndTheTotalKeepsThemAll() {
        log.onRestoreStart(A0, "task-state", 0, 5);
        log.onBatchRestored(A0, "task-state", 5, 5);
        log.onRestoreEnd(A0, "task-state", 5);
        nanos.set(1_000_000_000L);
        log.onRestoreStart(B0, "series", 0, 3);
        log.onBatchRestored(B0, "series", 3, 3);
        nanos.set(1_250_000_000L);
        log.onRestoreEnd(B0, "series", 3);
        // An end without a start (a listener registered late) does not log a second line.
        log.onRestoreEnd(A1, "task-state", 0);

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "state restored from changelogs: 5 records into 1 stores (1 changelog partitions) in 0.000 s",
                "state restored from changelogs: 3 records into 1 stores (1 changelog partitions) in 0.250 s");
        assertThat(log.totalRecords()).isEqualTo(8);
    }
}
