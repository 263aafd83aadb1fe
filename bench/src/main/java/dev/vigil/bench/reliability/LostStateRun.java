package dev.vigil.bench.reliability;

import dev.vigil.bench.EntityPreload;
import dev.vigil.bench.VigilProcess;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.testkit.KafkaBroker;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * Run 4 of RELIABILITY.md, lost state: a topic of live entities (tasks and leases that never end,
 * {@link EntityPreload}) drained by one exactly-once Vigil until {@code /metrics} is stable; then
 * four restarts on the same configuration, each ending with {@code /metrics} equal, sample for
 * sample, to what it was before:
 * <ol>
 *   <li><b>clean</b>: SIGTERM, start again. A clean stop must not cost a restore from scratch;</li>
 *   <li><b>crash after a clean start</b>: SIGKILL of the instance just restarted, start again;</li>
 *   <li><b>lost state</b>: SIGTERM, the state directory deleted, start again: every store is
 *       restored from its changelog. Its time, per million entities, is the headline figure;</li>
 *   <li><b>crash after a restore</b>: SIGKILL right after that restore, start again.</li>
 * </ol>
 * Each restart's log tells how many records were restored and which tasks Kafka Streams wiped
 * ({@link RestoreEvidence}). A wipe after the clean stop is a violation.
 *
 * <p>Settings ({@code --set}): {@code entities}, {@code partitions}, {@code heap_mb},
 * {@code static_membership} (default true: a restarted instance takes its place in the group at
 * once instead of waiting out the dead one's session), {@code transactional_state_stores} (default
 * false: Kafka Streams' {@code enable.transactional.statestores}), {@code write_buffer_mib} (RocksDB
 * memtables of the whole process; default 8 at CI size, so that stores are flushed before the
 * crashes as at full size; 0: Vigil's own budget), and {@code kafka.<property>} (any Kafka Streams
 * property, passed through).
 */
final class LostStateRun implements ReliabilityRun {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STABLE_FOR = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);
    private static final String TOPICS_PREFIX = "lost";
    private static final List<String> COMPARED = Stream.concat(MetricsOracle.FAMILIES.stream(),
            Stream.of("vigil_events_total", "vigil_dlq_total")).toList();

    @Override
    public String name() {
        return "lost-state";
    }

    @Override
    public String description() {
        return "live entities drained by one exactly-once instance; clean restart, crash, deleted state directory "
                + "and crash after the restore, each restart restoring /metrics exactly; restore time per million entities";
    }

    @Override
    public RunResult run(RunContext ctx) throws Exception {
        long entities = Long.parseLong(ctx.option("entities", Long.toString(ctx.pick(8_000L, 1_000_000L))));
        int partitions = Integer.parseInt(ctx.option("partitions", "4"));
        int heapMb = Integer.parseInt(ctx.option("heap_mb", ctx.pick("512", "1536")));
        boolean staticMembership = Boolean.parseBoolean(ctx.option("static_membership", "true"));
        // RocksDB writes without a write-ahead log: a crash loses what memtables hold. At CI size
        // the whole state fits in the default memtables and is never flushed before the crash, so
        // small ones make the CI run crash stores that were flushed while open, as the full run does.
        String writeBufferMib = ctx.pick("8", "0");
        // At CI size the drain takes about 40 s on a loaded 2-core machine: the timeout only catches a hang.
        Duration drainTimeout = ctx.pick(Duration.ofMinutes(4), Duration.ofMinutes(40));
        Duration readyTimeout = ctx.pick(Duration.ofMinutes(3), Duration.ofMinutes(40));

        KafkaBroker.Options brokerOptions = KafkaBroker.Options.defaults().withDataDir(ctx.dir("broker"));
        try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
            VigilYaml.Topics topics = VigilYaml.Topics.named(TOPICS_PREFIX);
            broker.createTopic(topics.input(), partitions, Map.of("retention.ms", "-1"));
            ctx.say("[lost-state] preloading %,d live entities into %s (%d partitions)", entities, topics.input(),
                    partitions);
            EntityPreload.Result preload = EntityPreload.run(broker.bootstrapServers(), topics.input(), entities,
                    Instant.now().minus(Duration.ofHours(1)).toEpochMilli(), Duration.ofSeconds(15), ctx.progress());
            String applicationId = "vigil-lost-state";
            Path stateDir = ctx.workDir().resolve("state");
            int port = VigilProcess.freePort();
            VigilYaml yaml = VigilYaml.of(broker.bootstrapServers(), applicationId, topics, stateDir, port);
            if (staticMembership) {
                yaml = yaml.withKafkaProperty("group.instance.id", "lost-state-0");
            }
            yaml = ctx.withStoreSettings(yaml, writeBufferMib);
            List<String> violations = new ArrayList<>();
            Map<String, Number> figures = new LinkedHashMap<>();
            figures.put("lost_state_entities", preload.entities());
            try (VigilNode node = new VigilNode(ctx.workDir(), "vigil", port, yaml.text(),
                    List.of("-Xmx" + heapMb + "m"))) {
                node.start();
                node.awaitReady(readyTimeout);
                Map<String, Double> before = drained(node, preload, drainTimeout);
                double drainS = node.sinceStart().toMillis() / 1000.0;
                ctx.say("[lost-state] %,d entities live after %.1f s: %,d aggregate samples on /metrics", entities,
                        drainS, before.size());
                figures.put("lost_state_drain_s", drainS);
                figures.put("lost_state_samples", before.size());

                Restart clean = restart(ctx, node, "clean restart (SIGTERM)", false, null, before, readyTimeout);
                // Nothing was written after the stop: resuming from the checkpoints restores nothing.
                // (Kafka Streams 4.4 still wipes tasks that never received a record, whose dedup
                // window store has no segment to hold the checkpoint; they restore nothing either.)
                if (clean.evidence().restored() > 0) {
                    violations.add("after a clean stop (SIGTERM, exit " + clean.exit() + ") Vigil restored state from "
                            + "the changelogs: " + clean.evidence().describe());
                }
                clean.addTo("clean", figures, violations);

                Restart crashIdle = restart(ctx, node, "crash after a clean start (SIGKILL)", true, null, before,
                        readyTimeout);
                crashIdle.addTo("crash_idle", figures, violations);

                node.stop(STOP_TIMEOUT);
                long stateBytes = directorySize(stateDir);
                ChangelogSizes changelogs;
                try (Admin admin = broker.createAdmin()) {
                    changelogs = ChangelogSizes.of(admin, applicationId, 1);
                }
                ctx.say("[lost-state] state directory %.1f MiB; %d changelog topics, %d partitions: %,d offsets, %.1f "
                        + "MiB", stateBytes / 1048576.0, changelogs.topics(), changelogs.partitions(),
                        changelogs.offsets(), changelogs.bytes() / 1048576.0);
                figures.put("lost_state_state_dir_bytes", stateBytes);
                figures.put("lost_state_changelog_offsets", changelogs.offsets());
                figures.put("lost_state_changelog_bytes", changelogs.bytes());
                Restart lost = restart(ctx, node, "state directory deleted", false, stateDir, before, readyTimeout);
                lost.addTo("lost", figures, violations);
                if (lost.evidence().restored() == 0) {
                    violations.add("after the state directory was deleted no restore was logged");
                }

                Restart crashRestored = restart(ctx, node, "crash right after the restore (SIGKILL)", true, null,
                        before, readyTimeout);
                crashRestored.addTo("crash_restored", figures, violations);
                node.stop(STOP_TIMEOUT);

                // The restore itself, as Vigil logs it (first store started to last store done): what
                // grows with the entities, without the JVM's start and the group's join.
                double perMillion = lost.evidence().restoreSeconds() / (preload.entities() / 1e6);
                figures.put("restore_s_per_million_entities", perMillion);
                String line = String.format(Locale.ROOT, "%,d live entities, 4 restarts, /metrics exact after each: %s; "
                        + "lost state: %,d records (%.1f MiB of changelogs) restored in %.1f s (restart to restored %.1f s, "
                        + "ready %.1f s) = %.1f s per million entities; clean restart: %s; crash after a clean start: %s; "
                        + "crash after a restore: %s",
                        preload.entities(), violations.isEmpty() ? "yes" : "NO", lost.evidence().restored(),
                        changelogs.bytes() / 1048576.0, lost.evidence().restoreSeconds(), lost.restoredSeconds(),
                        lost.readyS(), perMillion,
                        clean.evidence().describe(), crashIdle.evidence().describe(),
                        crashRestored.evidence().describe());
                return new RunResult(name(), violations.isEmpty(), line, figures, violations);
            }
        }
    }

    /** One restart and what it showed. */
    private record Restart(String what, int exit, double readyS, double restoredSeconds, double exactS,
                           RestoreEvidence evidence, List<String> differences) {
        void addTo(String prefix, Map<String, Number> figures, List<String> violations) {
            figures.put("lost_state_" + prefix + "_ready_s", readyS);
            figures.put("lost_state_" + prefix + "_restored_s", restoredSeconds);
            figures.put("lost_state_" + prefix + "_restore_logged_s", evidence.restoreSeconds());
            figures.put("lost_state_" + prefix + "_exact_s", exactS);
            figures.put("lost_state_" + prefix + "_restored_records", evidence.restored());
            figures.put("lost_state_" + prefix + "_wiped_tasks", evidence.corruptedTasks() + evidence.wipedBeforeStart());
            differences.forEach(d -> violations.add(what + ": " + d));
        }
    }

    /**
     * Stops the instance (SIGKILL when {@code crash}, else SIGTERM), deletes {@code deleteDir} when
     * given, starts it again and waits for {@code /readyz}, for the restore line (or none, when
     * ready came first and nothing was restored) and for {@code /metrics} equal to {@code before}.
     */
    private static Restart restart(RunContext ctx, VigilNode node, String what, boolean crash, Path deleteDir,
                                   Map<String, Double> before, Duration timeout) throws IOException {
        int exit;
        if (crash) {
            node.kill();
            exit = node.exitValue();
        } else {
            exit = node.stop(STOP_TIMEOUT);
        }
        if (deleteDir != null) {
            deleteRecursively(deleteDir);
        }
        long mark = Files.size(node.log());
        node.start();
        double restoredS = -1;
        double readyS = -1;
        int seenLines = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        // Ready (RUNNING) comes once every active task is restored; the restore line is logged as
        // the last store finishes, a moment before. Poll both, so either is timed as it happens.
        while (readyS < 0) {
            if (!node.isAlive()) {
                throw new IllegalStateException(what + ": Vigil exited (" + node.exitValue() + "):\n"
                        + node.logTail(30));
            }
            // Restored = the last restore line before ready (a start may restore in several episodes).
            int restoreLines = RestoreEvidence.of(readFrom(node.log(), mark)).restoreLines();
            if (restoreLines > seenLines) {
                seenLines = restoreLines;
                restoredS = node.sinceStart().toMillis() / 1000.0;
            }
            if (node.readyz() == 200) {
                readyS = node.sinceStart().toMillis() / 1000.0;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not ready within " + timeout + ":\n" + node.logTail(30));
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        List<String> differences = List.of();
        double exactS = -1;
        while (exactS < 0) {
            String body = node.metrics();
            if (body != null) {
                differences = PrometheusSamples.differences(before, aggregates(body));
                if (differences.isEmpty()) {
                    exactS = node.sinceStart().toMillis() / 1000.0;
                    break;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        RestoreEvidence evidence = RestoreEvidence.of(readFrom(node.log(), mark));
        if (restoredS < 0) {
            // Nothing to restore, or the line came after readiness (it cannot: Kafka Streams is RUNNING
            // only once every active task is restored), or no store had to restore: ready is restored.
            restoredS = readyS;
        }
        ctx.say("[lost-state] %s (exit %d): ready %.1f s, restored %.1f s, /metrics exact %s; %s", what, exit,
                readyS, restoredS, exactS < 0 ? "NEVER" : String.format(Locale.ROOT, "%.1f s", exactS),
                evidence.describe());
        List<String> shown = differences.size() > 5 ? differences.subList(0, 5) : differences;
        List<String> violations = exactS >= 0 ? List.of()
                : List.of("/metrics differs from before the restart in " + differences.size() + " samples: " + shown);
        return new Restart(what, exit, readyS, restoredS, exactS, evidence, violations);
    }

    /**
     * Waits until every entity is live ({@code active_tasks} and the sum of {@code active_leases}
     * equal what was published) and the aggregate samples have not changed for {@link #STABLE_FOR}.
     */
    private static Map<String, Double> drained(VigilNode node, EntityPreload.Result preload, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Double> last = null;
        long lastChange = System.nanoTime();
        long tasks = -1;
        long leases = -1;
        while (true) {
            String body = node.metrics();
            if (body != null) {
                Map<String, Double> samples = aggregates(body);
                tasks = (long) sum(samples, "active_tasks");
                leases = (long) sum(samples, "active_leases");
                long now = System.nanoTime();
                if (!samples.equals(last)) {
                    last = samples;
                    lastChange = now;
                } else if (tasks == preload.tasks() && leases == preload.leases()
                        && now - lastChange >= STABLE_FOR.toNanos()) {
                    return samples;
                }
            }
            if (!node.isAlive()) {
                throw new IllegalStateException("Vigil exited while draining:\n" + node.logTail(30));
            }
            if (System.nanoTime() > deadline) {
                // Says what was seen: still draining (counts short), or counts reached but samples still changing.
                throw new IllegalStateException(String.format(Locale.ROOT, "not every entity live within %s: "
                        + "last seen %,d of %,d tasks and %,d of %,d leases (-1: /metrics never answered), "
                        + "samples last changed %.1f s before the deadline", timeout, tasks, preload.tasks(), leases,
                        preload.leases(), (System.nanoTime() - lastChange) / 1e9));
            }
            LockSupport.parkNanos(POLL.toNanos() * 5);
        }
    }

    /** The aggregate families and the event counts: everything /metrics reads from the state stores. */
    private static Map<String, Double> aggregates(String exposition) {
        return PrometheusSamples.select(PrometheusSamples.parse(exposition), COMPARED);
    }

    private static double sum(Map<String, Double> samples, String family) {
        return samples.entrySet().stream().filter(e -> PrometheusSamples.name(e.getKey()).equals(family))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static String readFrom(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length() - offset;
            if (length <= 0) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length, Integer.MAX_VALUE - 8)];
            f.seek(offset);
            f.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long directorySize(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
