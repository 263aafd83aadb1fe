package dev.vigil.bench;

import dev.vigil.bench.E2eOptions.Phase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark driver: on a local KRaft broker it starts itself, preloads N simulator
 * records, measures the raw consumer's drain rate and Vigil's (at_least_once, exactly_once_v2) in
 * the same run, {@code /metrics} latency with many series under load, alert latency under a
 * background load, and the heap and RSS of a Vigil child process holding many live entities;
 * prints progress, a final table, and writes the table as JSON. {@code bench/run} builds and runs it.
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Vigil end-to-end benchmark on a local broker (see BENCHMARKS.md).")
public final class EndToEnd implements Callable<Integer> {
    private static final E2eOptions DEFAULTS = E2eOptions.defaults();

    @Option(names = {"-n", "--events"}, description = "Records preloaded (default ${DEFAULT-VALUE}).")
    long events = DEFAULTS.events();

    @Option(names = {"-p", "--partitions"}, description = "Partitions of the input topic (default ${DEFAULT-VALUE}).")
    int partitions = DEFAULTS.partitions();

    @Option(names = "--phases", split = ",", description = "Phases to run, comma-separated, of: raw, alos, eos, "
            + "flink, scrape, alert, memory, ceiling, floor (default: all but flink, the Flink peer: bench/flink, ceiling and "
            + "floor, Kafka Streams alone).")
    List<String> phases = List.of("raw", "alos", "eos", "scrape", "alert", "memory");

    @Option(names = "--seed", description = "Simulator seed (default ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    @Option(names = "--json", description = "Where to write the JSON report (default ${DEFAULT-VALUE}).")
    Path json = DEFAULTS.json();

    @Option(names = "--results", description = "Also write the run's headline figures into this file (bench/results.json: "
            + "BENCHMARKS.md's headline keys; keys this run did not measure are kept).")
    Path results;

    @Option(names = "--work-dir", description = "Directory for Vigil state (default: a temporary one, deleted).")
    Path workDir;

    @Option(names = "--broker-heap-mb", description = "Broker JVM heap (default ${DEFAULT-VALUE}).")
    int brokerHeapMb = DEFAULTS.brokerHeapMb();

    @Option(names = "--raw-repeats", description = "Raw consumer drains; the median counts (default ${DEFAULT-VALUE}).")
    int rawRepeats = DEFAULTS.rawRepeats();

    @Option(names = "--random-keys", description = "Preload with seeded random keys instead of entity keys (every "
            + "record then crosses events-by-entity); implies --no-oracle.")
    boolean randomKeys;

    @Option(names = "--no-oracle", description = "Do not compute the exact metrics during the preload; a drain then "
            + "ends when /metrics stops changing.")
    boolean noOracle;

    @Option(names = "--drain-timeout-seconds", description = "Give up a drain after this long (default ${DEFAULT-VALUE}).")
    long drainTimeoutSeconds = DEFAULTS.drainTimeout().toSeconds();

    @Option(names = "--scrape-seconds", description = "How long /metrics is scraped under load (default ${DEFAULT-VALUE}).")
    long scrapeSeconds = DEFAULTS.scrapeDuration().toSeconds();

    @Option(names = "--scrape-interval-ms", description = "Pause between scrapes (default ${DEFAULT-VALUE}).")
    long scrapeIntervalMs = DEFAULTS.scrapeInterval().toMillis();

    @Option(names = "--scrape-series", description = "Vigil series created before the scrapes (default ${DEFAULT-VALUE}).")
    int scrapeSeries = DEFAULTS.seriesScrape().series();

    @Option(names = "--scrape-load-rate", description = "Background load while scraping, records/s "
            + "(default ${DEFAULT-VALUE}).")
    double scrapeLoadRate = DEFAULTS.seriesScrape().loadRate();

    @Option(names = "--scrape-load-rate-cap", description = "At most this fraction of the drain rate measured in the "
            + "same run, as --alert-rate-cap (0 = no cap; default ${DEFAULT-VALUE}).")
    double scrapeLoadRateCap = DEFAULTS.seriesScrape().loadRateCap();

    @Option(names = "--alert-rate", description = "Background load of the alert phase, records/s (default ${DEFAULT-VALUE}).")
    double alertRate = DEFAULTS.alertRate();

    @Option(names = "--alert-rate-cap", description = "At most this fraction of the exactly_once_v2 drain rate "
            + "measured in the same run (0 = no cap; default ${DEFAULT-VALUE}).")
    double alertRateCap = DEFAULTS.alertRateCap();

    @Option(names = "--alert-breaches", description = "Breaches measured (default ${DEFAULT-VALUE}).")
    int alertBreaches = DEFAULTS.alertBreaches();

    @Option(names = "--alert-warmup-breaches", description = "Breaches before those, not measured (default ${DEFAULT-VALUE}).")
    int alertWarmupBreaches = DEFAULTS.alertWarmupBreaches();

    @Option(names = "--alert-warmup-seconds", description = "Load before the first breach (default ${DEFAULT-VALUE}).")
    long alertWarmupSeconds = DEFAULTS.alertWarmup().toSeconds();

    @Option(names = "--alert-probes", description = "Probe pools breached concurrently (default ${DEFAULT-VALUE}).")
    int alertProbes = DEFAULTS.alertProbes();

    @Option(names = "--alert-jitter-ms", description = "Random pause before a probe pool's next breach, up to "
            + "(default ${DEFAULT-VALUE}).")
    long alertJitterMs = DEFAULTS.alertJitter().toMillis();

    @Option(names = "--alert-fetch-max-wait-ms", description = "fetch.max.wait.ms of the alert reader "
            + "(default ${DEFAULT-VALUE}).")
    long alertFetchMaxWaitMs = DEFAULTS.alertFetchMaxWait().toMillis();

    @Option(names = "--memory-entities", description = "Live entities (half tasks, half leases) loaded in the memory "
            + "phase (default ${DEFAULT-VALUE}).")
    long memoryEntities = DEFAULTS.memory().entities();

    @Option(names = "--memory-heap-mb", description = "-Xmx of the Vigil child JVM of the memory phase "
            + "(default ${DEFAULT-VALUE}).")
    int memoryHeapMb = DEFAULTS.memory().heapMb();

    @Option(names = "--memory-block-cache-mb", description = "kafka.rocksdb.block_cache_bytes of the memory phase, MiB "
            + "(default: the configuration's, auto).")
    long memoryBlockCacheMb = DEFAULTS.memory().blockCacheMb();

    @Option(names = "--memory-write-buffer-mb", description = "kafka.rocksdb.write_buffer_bytes of the memory phase, "
            + "MiB (default: the configuration's, auto).")
    long memoryWriteBufferMb = DEFAULTS.memory().writeBufferMb();

    @Option(names = "--memory-limit-mb", description = "Run the memory phase's Vigil under the image's JVM flags ("
            + MemoryOptions.IMAGE_JAVA_OPTS + ") and -XX:MaxRAM of this many MiB, as in a container with that limit, "
            + "instead of --memory-heap-mb; the phase fails if the RSS peak reaches the limit (default: 0, none).")
    long memoryLimitMb = DEFAULTS.memory().limitMb();

    @Option(names = "--flink-jar", description = "The Flink peer's jar (default: "
            + "bench/flink/target/vigil-flink-peer.jar, next to this driver's).")
    Path flinkJar;

    @Option(names = "--flink-checkpoint-ms", description = "The Flink peer's exactly-once checkpoint interval: its "
            + "Kafka transactions commit on each (default ${DEFAULT-VALUE}).")
    long flinkCheckpointMs = DEFAULTS.flink().checkpointIntervalMs();

    @Option(names = "--flink-heap-mb", description = "-Xms and -Xmx of the Flink peer's JVM (default ${DEFAULT-VALUE}).")
    int flinkHeapMb = DEFAULTS.flink().heapMb();

    @Option(names = "--vigil-property", description = "A Kafka (Streams) property for every Vigil run, key=value "
            + "(repeatable), e.g. commit.interval.ms=50; a VIGIL_* name is a configuration override instead, "
            + "e.g. VIGIL_TOPICS_INPUT_KEYED_BY_ENTITY=true.")
    Map<String, String> vigilProperties = new LinkedHashMap<>();

    @Option(names = "--jfr", description = "Write a JFR recording of Vigil during --jfr-phase to this file.")
    Path jfr;

    @Option(names = "--jfr-phase", description = "The phase recorded: alos, eos, scrape or ceiling (default eos).")
    String jfrPhase = "eos";

    @Option(names = "--tracing-sample-rates", split = ",", description = "Drain alos/eos once per setting, in this "
            + "order: off, or a sample rate with tracing exporting over OTLP/HTTP to a sink in this JVM; e.g. "
            + "off,1.0,0.01 (default: off only).")
    List<String> tracingSampleRates = List.of();

    @Option(names = "--summary-poll", split = ",", description = "Drain alos/eos once per setting, in this order: "
            + "off, or an interval at which a client polls GET /api/v1/summary during the drain (as the status "
            + "page does every 2 s), or warmup: a drain without polling left out of the ratios; e.g. "
            + "warmup,off,2s,0.2s,0.2s,2s,off (default: off only; not with --tracing-sample-rates).")
    List<String> summaryPolls = List.of();

    @Option(names = "--progress-seconds", description = "Progress line interval (default ${DEFAULT-VALUE}).")
    long progressSeconds = DEFAULTS.progressInterval().toSeconds();

    public static void main(String[] args) {
        System.exit(new CommandLine(new EndToEnd()).execute(args));
    }

    E2eOptions options() {
        Set<Phase> selected = EnumSet.noneOf(Phase.class);
        for (String p : phases) {
            try {
                selected.add(Phase.valueOf(p.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--phases: unknown phase '" + p + "' (raw, alos, eos, flink, scrape, alert, memory, ceiling, floor)");
            }
        }
        return new E2eOptions(events, partitions, selected, seed, json, workDir, brokerHeapMb, rawRepeats, !noOracle && !randomKeys,
                Duration.ofSeconds(drainTimeoutSeconds), Duration.ofSeconds(scrapeSeconds),
                Duration.ofMillis(scrapeIntervalMs), alertRate, alertBreaches, alertWarmupBreaches,
                Duration.ofSeconds(alertWarmupSeconds), alertProbes, Duration.ofMillis(alertJitterMs),
                Duration.ofMillis(alertFetchMaxWaitMs), vigilProperties, jfr,
                Phase.valueOf(jfrPhase.toUpperCase(Locale.ROOT)), Duration.ofSeconds(progressSeconds), alertRateCap,
                new SeriesScrapeOptions(scrapeSeries, scrapeLoadRate, scrapeLoadRateCap),
                new MemoryOptions(memoryEntities, memoryHeapMb, memoryBlockCacheMb, memoryWriteBufferMb,
                        memoryLimitMb), randomKeys,
                new FlinkOptions(flinkJar, flinkCheckpointMs, flinkHeapMb));
    }

    @Override
    public Integer call() throws Exception {
        E2eOptions options = options();
        System.out.printf(Locale.ROOT, "Vigil end-to-end benchmark: %,d records, %d partitions, phases %s%n",
                options.events(), options.partitions(), options.phases());
        Report report = BenchRun.run(options, tracingSampleRates, summaryPolls, line -> System.out.println(line));
        System.out.println();
        System.out.println("Results (one run; the machine may be shared, so compare ratios within a run):");
        System.out.print(report.table());
        if (results != null) {
            java.util.Map<String, Double> headline = BenchResults.of(report, options);
            BenchResults.update(results, headline);
            System.out.println("Headline figures " + headline + " written to " + results.toAbsolutePath());
        }
        return 0;
    }
}
