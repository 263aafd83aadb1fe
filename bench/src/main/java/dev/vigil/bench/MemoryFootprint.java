package dev.vigil.bench;

import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Vigil's memory with many live entities (issue 6): {@link EntityPreload} fills a new topic with
 * distinct tasks and leases that never end; Vigil (exactly_once_v2) runs as a child JVM ({@link
 * VigilProcess}, {@code -Xmx} of the options) until its {@code /metrics} shows every one live
 * ({@code active_tasks} and the sum of {@code active_leases} equal the numbers published); then a
 * full GC is forced in it and its heap in use and its RSS are read ({@link ProcessMemory}). RSS is
 * also sampled every second during the load.
 */
final class MemoryFootprint {
    static final String INPUT = "bench-memory-entities";
    private static final String EOS = "exactly_once_v2";
    private static final long RSS_SAMPLE_NANOS = 1_000_000_000L;
    /** How often /metrics is read: finer than the RSS samples, so the start and end of the load are well timed. */
    private static final long POLL_NANOS = 200_000_000L;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final long RSS_SETTLE_MILLIS = 500;
    private static final Duration RSS_SETTLE_TIMEOUT = Duration.ofSeconds(10);
    private static final double MIB = 1024.0 * 1024;

    /** What the phase measured; memory in bytes, times in seconds from the child's start. */
    record Result(EntityPreload.Result preload, Plan plan, double startupSeconds,
                  double loadedSeconds, long rssLoaded, ProcessMemory.Heap heap, long jvmCommitted,
                  ProcessMemory.Rss rssEnd, long rssSampledMax, long stateDirBytes, long pid, int exitCode) {

        void reportTo(Report report) {
            report.figure("memory", "entities", preload.entities(), "distinct live entities (tasks + leases)");
            report.figure("memory", "preload_rate", preload.entities() / preload.seconds(), "records/s");
            report.figure("memory", "startup", startupSeconds, "s (child JVM start → first event counted)");
            report.figure("memory", "load_time", loadedSeconds,
                    "s (child JVM start → every entity live on /metrics)");
            if (loadedSeconds > startupSeconds) {
                report.figure("memory", "load_rate", preload.entities() / (loadedSeconds - startupSeconds),
                        "entities/s (first event counted → every entity live)");
            }
            report.figure("memory", "heap_after_gc_mib", heap.usedBytes() / MIB,
                    "MiB heap used after a full GC (jcmd GC.run, then GC.heap_info)");
            report.figure("memory", "heap_committed_mib", heap.committedBytes() / MIB, "MiB heap committed after it");
            report.figure("memory", "heap_max_mib", plan.heapMaxMib(), "MiB (the child JVM's maximum heap)");
            report.figure("memory", "jvm_committed_mib", jvmCommitted / MIB,
                    "MiB committed by the JVM itself, heap included (native memory tracking)");
            report.figure("memory", "rss_loaded_mib", rssLoaded / MIB,
                    "MiB (VmRSS once every entity is live, before the GC)");
            report.figure("memory", "rss_end_mib", rssEnd.bytes() / MIB,
                    "MiB (VmRSS after the full GC, once G1 has given back the heap it shrank)");
            report.figure("memory", "rss_peak_mib", rssEnd.peakBytes() / MIB, "MiB (VmHWM: the kernel's peak RSS)");
            report.figure("memory", "rss_sampled_max_mib", rssSampledMax / MIB,
                    "MiB (most VmRSS of the samples every second during the load)");
            report.figure("memory", "rocksdb_block_cache_mib", plan.blockCacheMib(),
                    "MiB (kafka.rocksdb.block_cache_bytes as resolved: bounds RocksDB's cache, index/filter blocks "
                    + "and memtables)");
            report.figure("memory", "rocksdb_write_buffer_mib", plan.writeBufferMib(),
                    "MiB (kafka.rocksdb.write_buffer_bytes as resolved: memtables' share of it)");
            if (plan.limited()) {
                report.figure("memory", "limit_mib", plan.limitMib(), "MiB (-XX:MaxRAM, under the image's JVM flags)");
                report.figure("memory", "rss_peak_share_of_limit", rssEnd.peakBytes() / MIB / plan.limitMib(),
                        "of the limit (VmHWM / limit; must stay below 1)");
            }
            report.info("memory.plan", plan.line());
            report.info("memory.jvm_flags", plan.jvmFlags());
            report.figure("memory", "state_dir_mib", stateDirBytes / MIB,
                    "MiB on disk (state directory, once Vigil stopped)");
            long outside = rssEnd.bytes() - jvmCommitted;
            report.info("memory.targets", String.format(Locale.ROOT, "heap <= %d MiB: the child JVM exits on "
                    + "OutOfMemoryError, which fails this phase; RSS <= heap + RocksDB budget (%d MiB) + JVM overhead "
                    + "(the formula of docs/configuration.md, Memory)%s", plan.heapMaxMib(), plan.blockCacheMib(),
                    plan.limited() ? String.format(Locale.ROOT, " < the limit, %d MiB", plan.limitMib()) : ""));
            report.info("memory.rss_breakdown", String.format(Locale.ROOT, "RSS %.0f MiB ≈ JVM committed %.0f (heap "
                    + "committed %.0f + %.0f metaspace, code cache, thread stacks, GC, direct buffers, ...) + %.0f "
                    + "outside the JVM's tracking (RocksDB, whose budget is %.0f MiB, and other native code; committed "
                    + "but untouched pages make this an estimate)", rssEnd.bytes() / MIB, jvmCommitted / MIB,
                    heap.committedBytes() / MIB, (jvmCommitted - heap.committedBytes()) / MIB, outside / MIB,
                    (double) plan.blockCacheMib()));
            report.info("memory.tasks", preload.tasks());
            report.info("memory.leases", preload.leases());
            report.info("memory.pools", EntityPreload.POOLS);
            report.info("memory.child_pid", pid);
            report.info("memory.child_exit_code",
                    exitCode + (exitCode == 143 ? " (128 + SIGTERM: stopped by the driver)" : ""));
        }
    }

    private final KafkaBroker broker;
    private final E2eOptions options;
    private final Path work;
    private final Consumer<String> progress;

    MemoryFootprint(KafkaBroker broker, E2eOptions options, Path work, Consumer<String> progress) {
        this.broker = broker;
        this.options = options;
        this.work = work;
        this.progress = progress;
    }

    Result run() {
        MemoryOptions o = options.memory();
        broker.createTopic(INPUT, options.partitions(), Map.of("retention.ms", "-1"));
        progress.accept(String.format(Locale.ROOT, "[memory] %,d live entities (tasks, leases over %d pools) into %s",
                o.entities(), EntityPreload.POOLS, INPUT));
        EntityPreload.Result preload = EntityPreload.run(broker.bootstrapServers(), INPUT, o.entities(),
                Instant.now().minus(Duration.ofHours(1)).toEpochMilli(), options.progressInterval(), progress);
        progress.accept(String.format(Locale.ROOT, "[memory] preloaded %,d tasks and %,d leases in %.1f s",
                preload.tasks(), preload.leases(), preload.seconds()));
        int port = VigilProcess.freePort();
        String applicationId = "bench-memory-" + UUID.randomUUID().toString().substring(0, 8);
        VigilConfig config = VigilConfigs.build(broker.bootstrapServers(), applicationId, EOS,
                new VigilConfigs.Topics(INPUT, applicationId + "-dlq", applicationId + "-alerts"), work,
                options.vigilProperties(), "", childEnv(o, port));
        Path file = work.resolve(applicationId + ".yaml");
        Path log = work.resolve(applicationId + ".log");
        try {
            Files.writeString(file, config.toYaml());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.accept(String.format(Locale.ROOT, "[memory] Vigil (%s) as a child JVM, %s, /metrics on port %d, "
                + "RocksDB budget %s, config %s, log %s", EOS, String.join(" ", o.jvmFlags()), port,
                rocksDbText(config.kafka().rocksdb()), file, log));
        Path stateDir = Path.of(config.kafka().properties().get("state.dir"));
        Result result;
        try (VigilProcess child = VigilProcess.start(file, o.jvmFlags(), log)) {
            result = measure(child, preload, port, stateDir, log);
        } finally {
            BenchRun.deleteRecursively(stateDir);
        }
        if (result.plan().limited() && result.rssEnd().peakBytes() >= result.plan().limitMib() * (1L << 20)) {
            throw new IllegalStateException(String.format(Locale.ROOT, "[memory] RSS peaked at %.0f MiB, NOT below the "
                    + "limit of %d MiB (%s)", result.rssEnd().peakBytes() / MIB, result.plan().limitMib(),
                    result.plan().line()));
        }
        return result;
    }

    private static String rocksDbText(VigilConfig.RocksDb rocksDb) {
        return rocksDb.blockCacheBytes() == null ? "auto" : String.format(Locale.ROOT, "%.0f MiB (write buffers %s)",
                rocksDb.blockCacheBytes() / MIB, rocksDb.writeBufferBytes() == null ? "auto"
                        : String.format(Locale.ROOT, "%.0f MiB", rocksDb.writeBufferBytes() / MIB));
    }

    /**
     * The memory plan the child logged at start-up ({@code memory: limit ... = heap max ... + RocksDB
     * ... + JVM overhead ...}): Vigil's own resolution of the formula, read rather than recomputed.
     */
    record Plan(String line, long limitMib, long heapMaxMib, long blockCacheMib, long writeBufferMib, boolean limited,
                List<String> jvmFlags) {
        private static final Pattern LINE = Pattern.compile(
                "memory: limit (\\d+) MiB \\(.*?\\) = heap max (\\d+) MiB \\+ RocksDB (\\d+) MiB \\(.*?; memtables (\\d+) MiB\\)"
                        + "[^\\n]*");

        static Plan fromLog(String log, MemoryOptions options) {
            Matcher m = LINE.matcher(log);
            if (!m.find()) {
                throw new IllegalStateException("[memory] the child logged no memory plan ('memory: limit ...')");
            }
            return new Plan(m.group(), Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), options.limitMb() > 0, options.jvmFlags());
        }
    }

    private Result measure(VigilProcess child, EntityPreload.Result preload, int port, Path stateDir, Path log) {
        MetricsPage page = new MetricsPage(port);
        long t0 = System.nanoTime();
        long deadline = t0 + options.drainTimeout().toNanos();
        long nextProgress = t0 + options.progressInterval().toNanos();
        long first = -1;
        long nextRssSample = t0;
        long rssMax = 0;
        long counted = 0;
        long tasks = 0;
        long leases = 0;
        while (true) {
            long now = System.nanoTime();
            if (!child.isAlive()) {
                throw died(child, counted, preload.entities());
            }
            if (now >= nextRssSample) {
                nextRssSample = now + RSS_SAMPLE_NANOS;
                rssMax = Math.max(rssMax, ProcessMemory.rss(child.pid()).bytes());
            }
            String body = page.fetch();
            if (body != null) {
                counted = (long) MetricsPage.sum(body, "vigil_events_total");
                tasks = (long) MetricsPage.sum(body, "active_tasks");
                leases = (long) MetricsPage.sum(body, "active_leases");
                if (first < 0 && counted > 0) {
                    first = now;
                }
                if (tasks == preload.tasks() && leases == preload.leases()) {
                    break;
                }
            }
            if (now > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT, "[memory] not every entity live within %s: "
                        + "%,d events counted, %,d / %,d tasks, %,d / %,d leases", options.drainTimeout(), counted,
                        tasks, preload.tasks(), leases, preload.leases()));
            }
            if (now >= nextProgress) {
                nextProgress = now + options.progressInterval().toNanos();
                progress.accept(String.format(Locale.ROOT, "[memory] %,d / %,d events counted, live: %,d tasks, %,d "
                        + "leases; RSS %.0f MiB (max %.0f), %.0f s elapsed", counted, preload.entities(), tasks, leases,
                        ProcessMemory.rss(child.pid()).bytes() / MIB, rssMax / MIB, (now - t0) / 1e9));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        double loaded = (System.nanoTime() - t0) / 1e9;
        double startup = (first - t0) / 1e9;
        progress.accept(String.format(Locale.ROOT, "[memory] %,d tasks and %,d leases live after %.1f s; forcing a "
                + "full GC in pid %d", tasks, leases, loaded, child.pid()));
        long rssLoaded = ProcessMemory.rss(child.pid()).bytes();
        rssMax = Math.max(rssMax, rssLoaded);
        ProcessMemory.Heap heap = ProcessMemory.heapAfterFullGc(child.pid());
        long jvmCommitted = ProcessMemory.jvmCommittedBytes(child.pid());
        ProcessMemory.Rss rss = settledRss(child.pid());
        int exit = child.stop(STOP_TIMEOUT);
        // Once Vigil has stopped, so that no compaction changes the files while they are counted.
        long stateBytes = directorySize(stateDir);
        Plan plan;
        try {
            plan = Plan.fromLog(Files.readString(log), options.memory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        progress.accept(String.format(Locale.ROOT, "[memory] heap after GC %.1f MiB (of %d MiB), RSS %.0f MiB (peak "
                + "%.0f MiB), state directory %.0f MiB; Vigil stopped (exit %d); its plan: %s", heap.usedBytes() / MIB,
                plan.heapMaxMib(), rss.bytes() / MIB, rss.peakBytes() / MIB, stateBytes / MIB, exit, plan.line()));
        return new Result(preload, plan, startup, loaded, rssLoaded, heap, jvmCommitted,
                rss, Math.max(rssMax, rss.bytes()), stateBytes, child.pid(), exit);
    }

    /**
     * RSS once it stops falling: G1 gives the heap a full GC shrank back to the OS in a background
     * thread, so RSS read right after the GC may still hold it. Settled = two reads
     * {@value #RSS_SETTLE_MILLIS} ms apart within 1 MiB, or the last read after {@link #RSS_SETTLE_TIMEOUT}.
     */
    private static ProcessMemory.Rss settledRss(long pid) {
        long deadline = System.nanoTime() + RSS_SETTLE_TIMEOUT.toNanos();
        ProcessMemory.Rss previous = ProcessMemory.rss(pid);
        while (true) {
            LockSupport.parkNanos(RSS_SETTLE_MILLIS * 1_000_000);
            ProcessMemory.Rss now = ProcessMemory.rss(pid);
            if (Math.abs(now.bytes() - previous.bytes()) < (1 << 20) || System.nanoTime() > deadline) {
                return now;
            }
            previous = now;
        }
    }

    private IllegalStateException died(VigilProcess child, long counted, long entities) {
        String tail = child.logTail(40);
        String why = tail.contains("OutOfMemoryError")
                ? "ran out of heap (" + String.join(" ", options.memory().jvmFlags()) + "): the heap target is NOT met"
                : "exited with code " + child.exitValue();
        return new IllegalStateException(String.format(Locale.ROOT, "[memory] the Vigil child JVM (pid %d) %s, with "
                + "%,d of %,d events counted; its log ends with:%n%s", child.pid(), why, counted, entities, tail));
    }

    /** The overrides of the child's configuration: its port, and the RocksDB budget when one is given. */
    private static Map<String, String> childEnv(MemoryOptions o, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", Integer.toString(port));
        if (o.blockCacheMb() > 0) {
            env.put("VIGIL_KAFKA_ROCKSDB_BLOCK_CACHE_BYTES", Long.toString(o.blockCacheMb() << 20));
        }
        if (o.writeBufferMb() > 0) {
            env.put("VIGIL_KAFKA_ROCKSDB_WRITE_BUFFER_BYTES", Long.toString(o.writeBufferMb() << 20));
        }
        return env;
    }

    private static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot measure the state directory " + dir, e);
        }
    }
}
