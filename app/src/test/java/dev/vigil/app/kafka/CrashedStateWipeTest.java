package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashedStateWipeTest {
    /** When the test's clean stops happen; data files are dated around it. */
    private static final Instant CLEAN_STOP = Instant.parse("2026-12-06T12:00:00Z");
    private static final Clock AT_CLEAN_STOP = Clock.fixed(CLEAN_STOP, ZoneOffset.UTC);

    @TempDir
    Path stateDir;
    private Path app;

    /** A state directory as Kafka Streams 4.4 leaves it: process metadata, its lock, task directories with stores. */
    @BeforeEach
    void stateOfAnInstance() throws IOException {
        app = Files.createDirectories(stateDir.resolve("vigil"));
        Files.writeString(app.resolve("kafka-streams-process-metadata"), "processId=1");
        Files.createFile(app.resolve(".lock"));
        for (String task : new String[] {"0_0", "1_2", "12_3"}) {
            sst(task, "000012.sst", CLEAN_STOP.minusSeconds(60));
        }
        Files.createDirectories(app.resolve("not-a-task"));
    }

    /** A RocksDB data file of the task's entity store, last written at {@code written}. */
    private Path sst(String task, String name, Instant written) throws IOException {
        Path dir = Files.createDirectories(app.resolve(task).resolve("rocksdb").resolve("entities"));
        Path file = Files.writeString(dir.resolve(name), "data");
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }

    private CrashedStateWipe exactlyOnce() {
        return new CrashedStateWipe(app, true, AT_CLEAN_STOP);
    }

    private void crashedRun() throws IOException {
        Files.writeString(app.resolve(CrashedStateWipe.RUNNING_MARK), "started");
    }

    @Test
    void afterACrashWithNoCleanStopEveryTaskDirectoryGoesAndTheRestStays() throws IOException {
        crashedRun();

        assertThat(exactlyOnce().beforeStart()).containsExactly("0_0", "12_3", "1_2");

        assertThat(app.resolve("0_0")).doesNotExist();
        assertThat(app.resolve("1_2")).doesNotExist();
        assertThat(app.resolve("12_3")).doesNotExist();
        assertThat(app.resolve("kafka-streams-process-metadata")).hasContent("processId=1");
        assertThat(app.resolve("not-a-task")).isDirectory();
        assertThat(app.resolve(CrashedStateWipe.RUNNING_MARK)).exists();
    }

    @Test
    void afterACleanStopNothingIsWipedAndTheNextCrashIsDetected() throws IOException {
        CrashedStateWipe wipe = exactlyOnce();
        assertThat(wipe.beforeStart()).isEmpty();
        assertThat(app.resolve(CrashedStateWipe.RUNNING_MARK)).exists();
        wipe.markCleanStop();
        assertThat(app.resolve(CrashedStateWipe.RUNNING_MARK)).doesNotExist();
        assertThat(app.resolve(CrashedStateWipe.CLEAN_STOP_MARK)).hasContent(Long.toString(CLEAN_STOP.toEpochMilli()));

        assertThat(wipe.beforeStart()).isEmpty();
        assertThat(app.resolve("0_0/rocksdb/entities/000012.sst")).exists();

        // This run flushes task 1_2 and crashes: only that task has state Kafka Streams would wipe.
        sst("1_2", "000020.sst", CLEAN_STOP.plusSeconds(30));
        assertThat(wipe.beforeStart()).containsExactly("1_2");
        assertThat(app.resolve("0_0/rocksdb/entities/000012.sst")).exists();
        assertThat(app.resolve("12_3/rocksdb/entities/000012.sst")).exists();
    }

    @Test
    void aCrashedTaskWithoutDataFilesIsWipedEvenAfterACleanStop() throws IOException {
        CrashedStateWipe wipe = exactlyOnce();
        wipe.beforeStart();
        wipe.markCleanStop();
        wipe.beforeStart();
        // Created after the clean stop and never flushed: no committed offsets, Kafka Streams wipes it.
        Files.createDirectories(app.resolve("2_0").resolve("dedup-seen"));

        assertThat(wipe.beforeStart()).containsExactly("2_0");
    }

    @Test
    void withoutVigilsMarksNothingIsWiped() {
        // As after an upgrade from a Vigil that wrote no marks, or a first start: Kafka Streams decides.
        assertThat(exactlyOnce().beforeStart()).isEmpty();

        assertThat(app.resolve("1_2/rocksdb/entities/000012.sst")).exists();
    }

    @Test
    void atLeastOnceAndTransactionalStoresKeepTheirState() throws IOException {
        crashedRun();

        assertThat(of(StreamsConfig.AT_LEAST_ONCE, false).beforeStart()).isEmpty();
        assertThat(of(StreamsConfig.EXACTLY_ONCE_V2, true).beforeStart()).isEmpty();
        assertThat(app.resolve("1_2/rocksdb/entities/000012.sst")).exists();

        assertThat(of(StreamsConfig.EXACTLY_ONCE_V2, false).beforeStart()).hasSize(3);
    }

    @Test
    void aDirectoryLockedByARunningInstanceIsNotTouched() throws IOException {
        crashedRun();
        try (FileChannel channel = FileChannel.open(app.resolve(".lock"), StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            assertThat(held.isValid()).isTrue();

            assertThat(exactlyOnce().beforeStart()).isEmpty();
        }
        assertThat(app.resolve("0_0/rocksdb/entities/000012.sst")).exists();
    }

    private CrashedStateWipe of(String guarantee, boolean transactionalStores) {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        if (transactionalStores) {
            props.put("enable.transactional.statestores", "true");
        }
        return CrashedStateWipe.of(props);
    }
}
