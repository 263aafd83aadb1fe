package dev.vigil.app.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes, before Kafka Streams starts, the local task state that a crash left under exactly-once:
 * the state Kafka Streams would throw away itself a few seconds later.
 *
 * <p>Usage: {@code CrashedStateWipe wipe = CrashedStateWipe.of(streamsProperties);}
 * {@code wipe.beforeStart();} ... run Kafka Streams ... and, once it closed cleanly,
 * {@code wipe.markCleanStop();}.
 *
 * <p>Why: under {@code exactly_once_v2} (without transactional state stores) RocksDB may hold writes
 * whose transaction never committed, so Kafka Streams 4.4 keeps a store's committed changelog offsets
 * (inside the store) only across a clean close. After a SIGKILL it finds every store flushed since
 * then marked {@code open}, or without offsets, treats the task as corrupted, opens its stores (once
 * for its start-up tasks, once for the assigned task), closes them dirty, deletes them and restores
 * them from the changelog. That opening and closing took 3.5 to 4.5 s of a 9 to 16 s restart in the
 * crash runs (RELIABILITY.md), and is where a Kafka Streams 4.4.0 defect made Vigil exit. Deleting
 * those task directories first ends in the same state, the changelog being the truth either way,
 * without opening anything.
 *
 * <p>Which tasks: Vigil creates a file in the application's state directory at start and removes it
 * after a clean close of Kafka Streams, when it also records the time. Found at start, the file says
 * the last stop was a crash. Then a task directory is kept only when RocksDB wrote none of its data
 * files ({@code *.sst}, written by memtable flushes) after the last clean close and has some: Kafka
 * Streams resumes such a task from the offsets that close left. Every other task directory is one
 * Kafka Streams would wipe, and is deleted. A RocksDB compaction after the start writes data files
 * too, and then a task Kafka Streams might have resumed is restored in full: the rule errs on the
 * side of a restore, which costs time, never correctness. When in doubt (no file from a Vigil that knew this, as
 * after an upgrade) nothing is deleted: Kafka Streams decides, only slower. The application
 * directory's lock file is held while deleting, so an instance running on the same directory is
 * never touched; the process metadata (Kafka Streams' process id, which keeps assignments sticky)
 * is kept.
 */
public final class CrashedStateWipe {
    /** Present from start to a clean stop: found at start, the last stop was a crash. */
    static final String RUNNING_MARK = "vigil-running";
    /** The time of the last clean close of Kafka Streams, epoch milliseconds. */
    static final String CLEAN_STOP_MARK = "vigil-clean-stop";
    /** Kafka Streams' own lock file of the application's state directory. */
    private static final String LOCK_FILE = ".lock";
    private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");
    private static final String TRANSACTIONAL_STORES_CONFIG = "enable.transactional.statestores";
    private static final Logger LOG = LoggerFactory.getLogger(CrashedStateWipe.class);

    private final Path applicationDir;
    private final boolean wipesAfterCrash;
    private final Clock clock;

    /**
     * @param applicationDir  {@code <state.dir>/<application.id>}
     * @param wipesAfterCrash whether Kafka Streams wipes a crashed task's stores (exactly-once without
     *                        transactional state stores); when false this only keeps the marks
     */
    CrashedStateWipe(Path applicationDir, boolean wipesAfterCrash, Clock clock) {
        this.applicationDir = applicationDir;
        this.wipesAfterCrash = wipesAfterCrash;
        this.clock = clock;
    }

    /** For the application directory and guarantee the Kafka Streams properties name. */
    public static CrashedStateWipe of(Properties streamsProperties) {
        String stateDir = streamsProperties.getProperty(StreamsConfig.STATE_DIR_CONFIG,
                String.valueOf(StreamsConfig.configDef().defaultValues().get(StreamsConfig.STATE_DIR_CONFIG)));
        String applicationId = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        boolean exactlyOnce = StreamsConfig.EXACTLY_ONCE_V2.equals(
                streamsProperties.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        boolean transactionalStores = Boolean.parseBoolean(
                String.valueOf(streamsProperties.getOrDefault(TRANSACTIONAL_STORES_CONFIG, "false")).trim());
        return new CrashedStateWipe(Path.of(stateDir, applicationId), exactlyOnce && !transactionalStores,
                Clock.systemUTC());
    }

    /**
     * After a crash, deletes the task directories Kafka Streams would wipe; then marks this run as
     * started.
     *
     * @return the task directories deleted (none after a clean stop)
     */
    public List<String> beforeStart() {
        Path running = applicationDir.resolve(RUNNING_MARK);
        try {
            List<String> wiped = List.of();
            if (wipesAfterCrash && Files.exists(running)) {
                wiped = wipeTaskDirectories(lastCleanStop());
                if (!wiped.isEmpty()) {
                    LOG.info("the last stop was not clean: the local state of {} task(s) wiped before start, to be "
                            + "restored from the changelogs (under exactly-once Kafka Streams would wipe it too): {}",
                            wiped.size(), wiped);
                }
            }
            Files.createDirectories(applicationDir);
            Files.writeString(running, "Vigil started at " + clock.instant() + "\n");
            return wiped;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state directory " + applicationDir, e);
        }
    }

    /** Marks the stop as clean; call only once Kafka Streams closed cleanly (state NOT_RUNNING). */
    public void markCleanStop() {
        try {
            Files.writeString(applicationDir.resolve(CLEAN_STOP_MARK), Long.toString(clock.millis()) + "\n");
            Files.deleteIfExists(applicationDir.resolve(RUNNING_MARK));
        } catch (IOException e) {
            // The next start then leaves the decision to Kafka Streams: slower, still exact.
            LOG.warn("cannot mark the clean stop in {}: {}", applicationDir, e.toString());
        }
    }

    /** Epoch milliseconds of the last clean close, or -1 when none is recorded (every flush came after it). */
    private long lastCleanStop() throws IOException {
        Path mark = applicationDir.resolve(CLEAN_STOP_MARK);
        if (!Files.exists(mark)) {
            return -1;
        }
        try {
            return Long.parseLong(Files.readString(mark).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private List<String> wipeTaskDirectories(long lastCleanStop) throws IOException {
        try (FileChannel channel = FileChannel.open(applicationDir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                // Another instance runs on this directory; Kafka Streams will refuse to start on it.
                LOG.warn("state directory {} is locked by a running instance: nothing wiped", applicationDir);
                return List.of();
            }
            try (lock; Stream<Path> children = Files.list(applicationDir)) {
                List<String> wiped = new ArrayList<>();
                for (Path task : children.filter(CrashedStateWipe::isTaskDirectory).sorted().toList()) {
                    if (resumable(task, lastCleanStop)) {
                        continue;
                    }
                    deleteRecursively(task);
                    wiped.add(task.getFileName().toString());
                }
                return wiped;
            }
        }
    }

    /** The lock, or null when another process (or this one) holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Whether Kafka Streams resumes the task from the offsets of the last clean close: it has data
     * files, all written by then (a flush since would have persisted the stores' {@code open} status).
     */
    private static boolean resumable(Path task, long lastCleanStop) throws IOException {
        if (lastCleanStop < 0) {
            return false;
        }
        boolean any = false;
        try (Stream<Path> files = Files.walk(task)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".sst")).toList()) {
                if (Files.getLastModifiedTime(f).toMillis() > lastCleanStop) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    private static boolean isTaskDirectory(Path p) {
        return Files.isDirectory(p) && TASK_DIRECTORY.matcher(p.getFileName().toString()).matches();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
