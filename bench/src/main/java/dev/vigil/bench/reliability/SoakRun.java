package dev.vigil.bench.reliability;

import dev.vigil.bench.Preload;
import dev.vigil.bench.ProcessMemory;
import dev.vigil.bench.VigilProcess;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.TruthSettings;
import dev.vigil.testkit.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Run 7, the soak: one Vigil instance (exactly-once, a short {@code aggregates.dedup_horizon} so
 * that purging runs all the time) under a steady load of half its drain rate, measured first in the
 * same run, for {@code soak_minutes}. Every {@code soak_sample_seconds} it samples the heap after a
 * full GC, the resident set and the state directory's size. After the warm-up (the first third) a
 * least-squares slope is fitted to each; a slope passes when the samples do not show growth above
 * {@value #MAX_GROWTH_PER_HOUR} of its level per hour (slope − 2 standard errors ≤ that), so that
 * RocksDB's compaction sawtooth is not mistaken for a leak and a steady leak is not hidden by it.
 * At the end the load stops and the metrics and event counts must equal the simulator's truth.
 *
 * <p>Settings ({@code --set}): {@code soak_minutes} (30; CI 2), {@code soak_rate} (records/s;
 * default half the measured drain rate), {@code soak_horizon} (the dedup horizon, 20m: the simulator re-sends duplicates of records up to about 10 simulated minutes old, which a shorter horizon would count as new),
 * {@code soak_sample_seconds} (10), {@code soak_rate_records} (records of the rate measurement),
 * {@code soak_heap_mib} (0: {@code -Xms256m -Xmx1g}; else {@code -Xms} = {@code -Xmx} = that many MiB, pre-touched, so
 * that the heap's pages are resident from the start and RSS growth is only what lies outside it), and the
 * store settings of {@link RunContext#withStoreSettings} ({@code block_cache_mib}, {@code write_buffer_mib},
 * {@code kafka.<property>}).
 */
final class SoakRun implements ReliabilityRun {
    /** Growth the slopes may show, as a share of the level per hour. */
    static final double MAX_GROWTH_PER_HOUR = 0.10;
    /** Below this a slope is within what a 30-minute window can resolve (a tiny state directory's first flush). */
    static final double MIN_ALLOWED_MIB_PER_HOUR = 4.0;
    private static final int PARTITIONS = 4;
    private static final double MIB = 1024.0 * 1024.0;
    private static final List<String> VIGIL_FLAGS = List.of("-Xms256m", "-Xmx1g");

    /** The soak instance's JVM flags: the default heap, or a fixed pre-touched one ({@code soak_heap_mib}). */
    static List<String> soakFlags(RunContext context) {
        int heapMib = Integer.parseInt(context.option("soak_heap_mib", "0"));
        if (heapMib < 0) {
            throw new IllegalArgumentException("soak_heap_mib must be >= 0 (0 = -Xms256m -Xmx1g), got " + heapMib);
        }
        return heapMib == 0 ? VIGIL_FLAGS
                : List.of("-Xms" + heapMib + "m", "-Xmx" + heapMib + "m", "-XX:+AlwaysPreTouch");
    }

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public String description() {
        return "one instance at half its drain rate for soak_minutes with a 20 m dedup horizon (in simulated time, about 30,000 records): heap after GC, "
                + "RSS and state directory slopes, then the exact metrics";
    }

    /** One sample: hours since the soak's start, and MiB. */
    record Sample(double hours, double heapMib, double rssMib, double stateMib, double blockCacheMib,
                  double heapResidentMib, double jvmNonHeapMib) {
        /** RSS beyond what RocksDB's bounded block cache (memtables included) holds. */
        double rssBeyondCacheMib() {
            return rssMib - blockCacheMib;
        }

        /**
         * RSS beyond its two bounded parts: the heap pages the JVM has touched (at most {@code -Xmx})
         * and RocksDB's block cache (at most {@code kafka.rocksdb.block_cache_bytes}). A leak outside
         * the heap and RocksDB's caches shows here.
         */
        double rssBeyondBoundsMib() {
            return rssMib - blockCacheMib - heapResidentMib;
        }

        /**
         * RSS beyond its bounded parts and what the JVM commits outside its heap (Native Memory
         * Tracking): RocksDB's allocations outside its block cache and the C allocator's fragmentation.
         */
        double rssUntrackedMib() {
            return rssBeyondBoundsMib() - jvmNonHeapMib;
        }
    }

    @Override
    public RunResult run(RunContext context) throws Exception {
        double minutes = Double.parseDouble(context.option("soak_minutes", context.pick("2", "30")));
        Duration horizon = Duration.parse("PT" + context.option("soak_horizon", "20m").toUpperCase(Locale.ROOT));
        long sampleSeconds = Long.parseLong(context.option("soak_sample_seconds", "10"));
        long rateRecords = Long.parseLong(context.option("soak_rate_records", context.pick("20000", "60000")));
        List<String> violations = new ArrayList<>();
        Map<String, Number> figures = new LinkedHashMap<>();
        KafkaBroker.Options brokerOptions = KafkaBroker.Options.defaults().withDataDir(context.dir("broker"))
                // A loaded 2-core machine can take over a minute to start a broker.
                .withStartTimeout(Duration.ofMinutes(4))
                // The simulated clock runs ahead of real time in the rate measurement's preload.
                .withExtraServerProperty("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
            String bootstrap = broker.bootstrapServers();
            double rate;
            if (context.options().containsKey("soak_rate")) {
                rate = Double.parseDouble(context.option("soak_rate", "0"));
                context.say("[soak] load %,.0f records/s (soak_rate)", rate);
            } else {
                double drain = drainRate(context, broker, rateRecords);
                rate = drain / 2;
                figures.put("soak_drain_rate", Math.round(drain));
                context.say("[soak] exactly_once_v2 drain rate %,.0f records/s; the soak's load is half: %,.0f records/s",
                        drain, rate);
            }
            figures.put("soak_load_rate", Math.round(rate));

            VigilYaml.Topics topics = VigilYaml.Topics.named("soak");
            createTopics(broker, topics);
            Path state = context.dir("soak-state");
            int port = VigilProcess.freePort();
            String yaml = context.withStoreSettings(VigilYaml.of(bootstrap, "soak-" + context.seed(), topics, state, port)
                    .withSections("aggregates:\n  dedup_horizon: " + context.option("soak_horizon", "20m") + "\n"), "0")
                    .text();
            TruthSettings truth = TruthSettings.defaults(PARTITIONS).withDedupHorizon(horizon);
            List<Sample> samples = new ArrayList<>();
            try (VigilNode node = new VigilNode(context.workDir(), "soak", port, yaml, soakFlags(context))) {
                node.start();
                node.awaitReady(Duration.ofMinutes(2));
                long soakNanos = (long) (minutes * 60e9);
                long sent;
                try (TruthLoad load = new TruthLoad(bootstrap, topics.input(), truth, rate, context.seed()).start()) {
                    long t0 = System.nanoTime();
                    long next = t0;
                    while (System.nanoTime() - t0 < soakNanos) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        next += sampleSeconds * 1_000_000_000L;
                        if (!node.isAlive()) {
                            throw new IllegalStateException("Vigil exited during the soak:\n" + node.logTail(30));
                        }
                        if (load.failure() != null) {
                            throw new IllegalStateException("the load failed: " + load.failure(), load.failure());
                        }
                        Sample s = sample(node, state, (System.nanoTime() - t0) / 3.6e12);
                        samples.add(s);
                        String page = node.metrics();
                        context.say("[soak] %4.1f min: heap after GC %.1f MiB, RSS %.1f MiB (heap pages %.1f MiB, "
                                        + "block cache %.1f MiB, rest %.1f MiB = JVM non-heap %.1f + untracked %.1f), state %.1f MiB; "
                                        + "%,d sent, %,d counted",
                                s.hours() * 60, s.heapMib(), s.rssMib(), s.heapResidentMib(), s.blockCacheMib(),
                                s.rssBeyondBoundsMib(), s.jvmNonHeapMib(), s.rssUntrackedMib(), s.stateMib(), load.sent(),
                                page == null ? -1 : ExactCheck.counted(page));
                    }
                    String last = node.metrics();
                    if (last != null) {
                        // Records sent but not yet counted when the load stops: a growing backlog means the load
                        // was more than this machine let Vigil drain, and the slopes include the backlog.
                        figures.put("soak_backlog_at_end", load.sent() - ExactCheck.counted(last));
                    }
                    load.close();
                    if (load.failure() != null) {
                        throw new IllegalStateException("the load failed: " + load.failure(), load.failure());
                    }
                    sent = load.sent();
                    figures.put("soak_records", sent);
                    figures.put("soak_minutes", minutes);
                    NodeDrain.Result end = NodeDrain.await(node, sent, load.expectedMetrics(), Duration.ofMinutes(12));
                    if (!end.exact()) {
                        violations.add("at the end the metrics do not equal the truth: " + end.differences());
                    } else {
                        violations.addAll(ExactCheck.counts(end.exposition(), load.expectedCounts()));
                    }
                }
                if (node.readyz() != 200) {
                    violations.add("/readyz is " + node.readyz() + " at the end");
                }
            }
            List<Sample> steady = samples.subList(samples.size() / 3, samples.size());
            if (steady.size() < 3) {
                violations.add("too few samples after the warm-up (" + steady.size() + ") to fit a slope");
            } else {
                slope("heap", steady, Sample::heapMib, figures, violations, context, true);
                // RSS holds two parts that fill toward a configured bound over a long time at a low rate: RocksDB's
                // block cache with its memtables (kafka.rocksdb.block_cache_bytes) and the heap pages G1 touches as
                // it cycles its young regions through the committed heap (-Xmx). Both are reported; RSS is judged
                // without them.
                slope("rss", steady, Sample::rssMib, figures, violations, context, false);
                slope("block_cache", steady, Sample::blockCacheMib, figures, violations, context, false);
                slope("heap_resident", steady, Sample::heapResidentMib, figures, violations, context, false);
                slope("rss_beyond_block_cache", steady, Sample::rssBeyondCacheMib, figures, violations, context, false);
                slope("rss_beyond_bounds", steady, Sample::rssBeyondBoundsMib, figures, violations, context, true);
                slope("jvm_non_heap", steady, Sample::jvmNonHeapMib, figures, violations, context, false);
                slope("rss_untracked", steady, Sample::rssUntrackedMib, figures, violations, context, false);
                slope("state_dir", steady, Sample::stateMib, figures, violations, context, true);
            }
            String line = String.format(Locale.ROOT, "%.0f min at %,.0f records/s (%,d records, dedup horizon %s), "
                            + "metrics %s; slopes after warm-up: RSS %s (beyond the heap pages and the block cache %s), heap after GC %s, "
                            + "state dir %s MiB/h",
                    minutes, rate, figures.getOrDefault("soak_records", 0), context.option("soak_horizon", "20m"),
                    violations.stream().anyMatch(v -> v.contains("truth") || v.contains("counts")) ? "NOT exact" : "exact",
                    figures.get("soak_rss_slope_mib_per_hour"),
                    figures.get("soak_rss_beyond_bounds_slope_mib_per_hour"), figures.get("soak_heap_slope_mib_per_hour"),
                    figures.get("soak_state_dir_slope_mib_per_hour"));
            return new RunResult(name(), violations.isEmpty(), line, figures, violations);
        }
    }

    private static void slope(String what, List<Sample> steady, java.util.function.ToDoubleFunction<Sample> value,
                              Map<String, Number> figures, List<String> violations, RunContext context,
                              boolean judged) {
        List<Slope.Point> points = steady.stream().map(s -> new Slope.Point(s.hours(), value.applyAsDouble(s))).toList();
        Slope fit = Slope.fit(points);
        double allowed = Math.max(MAX_GROWTH_PER_HOUR * fit.mean(), MIN_ALLOWED_MIB_PER_HOUR);
        double lower = fit.slope() - 2 * (Double.isNaN(fit.stderr()) ? 0 : fit.stderr());
        figures.put("soak_" + what + "_slope_mib_per_hour", round(fit.slope()));
        figures.put("soak_" + what + "_slope_stderr_mib_per_hour", round(fit.stderr()));
        figures.put("soak_" + what + "_level_mib", round(fit.mean()));
        context.say("[soak] %s: level %.1f MiB, slope %.2f ± %.2f MiB/h (allowed %.2f MiB/h)", what, fit.mean(),
                fit.slope(), fit.stderr(), allowed);
        if (judged && lower > allowed) {
            violations.add(String.format(Locale.ROOT, "%s grows %.2f ± %.2f MiB/h after the warm-up, more than %.0f %% "
                    + "of its level (%.1f MiB) per hour", what, fit.slope(), fit.stderr(), MAX_GROWTH_PER_HOUR * 100,
                    fit.mean()));
        }
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }

    private static Sample sample(VigilNode node, Path state, double hours) {
        ProcessMemory.Heap heap = ProcessMemory.heapAfterFullGc(node.pid());
        ProcessMemory.Rss rss = ProcessMemory.rss(node.pid());
        String page = node.metrics();
        double cache = page == null ? 0 : NodeDrain.sample(page, "vigil_rocksdb_block_cache_usage_bytes");
        long heapResident = ProcessMemory.heapResidentBytes(node.pid(), heap);
        long jvmNonHeap = ProcessMemory.jvmNonHeapCommittedBytes(node.pid());
        return new Sample(hours, heap.usedBytes() / MIB, rss.bytes() / MIB, directoryBytes(state) / MIB, cache / MIB,
                heapResident / MIB, jvmNonHeap / MIB);
    }

    /** The bytes of the files under a directory; files that vanish meanwhile (compaction) count 0. */
    static long directoryBytes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.mapToLong(p -> {
                try {
                    return Files.isRegularFile(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            // A directory removed while walking (RocksDB's compaction, a task's cleanup): try once more.
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (IOException | UncheckedIOException again) {
                return 0;
            }
        }
    }

    /** Preloads a topic and times an exactly_once_v2 drain of it from the first record counted. */
    private static double drainRate(RunContext context, KafkaBroker broker, long records) {
        VigilYaml.Topics topics = VigilYaml.Topics.named("soak-rate");
        createTopics(broker, topics);
        Preload.Result preload = Preload.run(broker.bootstrapServers(), topics.input(), PARTITIONS, records,
                context.seed(), GeneratorOptions.DEFAULT_START, true, Duration.ofSeconds(10), line -> context.say("%s", line));
        int port = VigilProcess.freePort();
        String yaml = VigilYaml.of(broker.bootstrapServers(), "soak-rate-" + context.seed(), topics,
                context.dir("rate-state"), port).text();
        try (VigilNode node = new VigilNode(context.workDir(), "rate", port, yaml, VIGIL_FLAGS)) {
            node.start();
            NodeDrain.Result r = NodeDrain.await(node, preload.records(), preload.expectedMetrics(),
                    Duration.ofMinutes(10));
            if (!r.exact()) {
                throw new IllegalStateException("the rate measurement's drain did not match the truth: "
                        + r.differences());
            }
            node.stop(Duration.ofSeconds(30));
            return r.rate();
        }
    }

    static void createTopics(KafkaBroker broker, VigilYaml.Topics topics) {
        // Kept forever: the simulated clock's timestamps lie in the past, and retention must not delete them.
        broker.createTopic(topics.input(), PARTITIONS, Map.of("retention.ms", "-1"));
        broker.createTopic(topics.dlq(), 1);
        broker.createTopic(topics.alerts(), 1);
    }
}
