package dev.vigil.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What an end-to-end run does. Start from {@link #defaults()}.
 *
 * @param events              records preloaded into the input topic
 * @param partitions          partitions of the input topic (Vigil's repartition topics get as many)
 * @param phases              the phases to run (the preload runs when any drain phase does)
 * @param seed                simulator seed
 * @param json                where to write the JSON report; null = none
 * @param workDir             Vigil state directories and the alert rules file; null = a temporary
 *                            directory deleted at the end
 * @param brokerHeapMb        heap of the broker JVM
 * @param rawRepeats          how many times the raw consumer drains the topic (the median counts)
 * @param oracle              whether to compute the simulator's exact metrics during the preload,
 *                            so that the end of a drain is recognised by Vigil's /metrics equalling
 *                            them (else: by /metrics no longer changing once every record is counted)
 * @param drainTimeout        give up a drain after this long
 * @param scrapeDuration      how long the scrape phase scrapes under load
 * @param scrapeInterval      pause between two scrapes
 * @param alertRate           background load of the alert phase, records per second
 * @param alertBreaches       breaches measured in the alert phase
 * @param alertWarmupBreaches breaches before those, not measured
 * @param alertWarmup         load time before the first breach
 * @param alertProbes         probe pools breached concurrently (each breach waits for the previous
 *                            alert of its pool to resolve)
 * @param alertJitter         up to this random pause before a probe pool's next breach, so breaches
 *                            do not fall into step with Vigil's commits
 * @param alertFetchMaxWait   the alert reader's {@code fetch.max.wait.ms}
 * @param vigilProperties     Kafka (Streams) properties for every Vigil run, e.g. commit.interval.ms
 * @param jfrFile             a JFR recording of this JVM (Vigil) during {@code jfrPhase}; null = none
 * @param jfrPhase            the drain phase recorded
 * @param progressInterval    how often a progress line is printed
 * @param alertRateCap        when a drain under exactly_once_v2 (else at_least_once) ran before, the alert
 *                            load is at most this fraction of its rate, so that the latency measured is
 *                            Vigil's and not a growing backlog's; 0 = no cap
 * @param seriesScrape        the scrape phase's series and background load
 * @param memory              the memory phase's entities and child JVM
 * @param randomKeys          preload with seeded random keys instead of the simulator's entity keys, so
 *                            that (almost) every record crosses {@code events-by-entity}; the oracle is
 *                            then not used (an entity's events on several partitions are applied in
 *                            the order Vigil reads them, not the send order: docs/events.md, Keys)
 * @param flink               the flink phase's peer
 */
public record E2eOptions(long events, int partitions, Set<Phase> phases, long seed, Path json, Path workDir,
                         int brokerHeapMb, int rawRepeats, boolean oracle, Duration drainTimeout,
                         Duration scrapeDuration, Duration scrapeInterval, double alertRate, int alertBreaches,
                         int alertWarmupBreaches, Duration alertWarmup, int alertProbes, Duration alertJitter,
                         Duration alertFetchMaxWait, Map<String, String> vigilProperties, Path jfrFile,
                         Phase jfrPhase, Duration progressInterval, double alertRateCap,
                         SeriesScrapeOptions seriesScrape, MemoryOptions memory, boolean randomKeys,
                         FlinkOptions flink) {

    /** The phases of a run, in the order they run. */
    public enum Phase {
        /** A plain consumer drains the preloaded topic. */
        RAW,
        /** Vigil drains it under at_least_once. */
        ALOS,
        /** Vigil drains it under exactly_once_v2. */
        EOS,
        /** The Flink peer (bench/flink) drains it, exactly-once, in a child JVM; checked against the truth. */
        FLINK,
        /** /metrics latency with many live series under a background load, exactly_once_v2. */
        SCRAPE,
        /** Alert latency under a background load, exactly_once_v2. */
        ALERT,
        /** Heap and RSS of a Vigil child process holding many live tasks and leases. */
        MEMORY,
        /**
         * The series stage's ceiling: an exactly_once_v2 drain, then one series task applying the
         * busiest metric group's updates alone ({@code SeriesCeiling}).
         */
        CEILING,
        /**
         * Kafka Streams alone: the smallest exactly-once applications (read → write; read → one
         * store get and put → write) draining the same topic ({@code StreamsFloor}).
         */
        FLOOR;

        /** Whether the phase reads the preloaded topic. */
        boolean drains() {
            return this == RAW || this == ALOS || this == EOS || this == FLINK || this == CEILING || this == FLOOR;
        }
    }

    public E2eOptions {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
        }
        phases = phases.isEmpty() ? EnumSet.noneOf(Phase.class) : EnumSet.copyOf(phases);
        if (phases.isEmpty()) {
            throw new IllegalArgumentException("no phase to run");
        }
        if (rawRepeats < 1 || alertBreaches < 1 || alertWarmupBreaches < 0 || alertProbes < 1 || brokerHeapMb < 128) {
            throw new IllegalArgumentException("rawRepeats, alertBreaches, alertProbes must be >= 1, "
                    + "alertWarmupBreaches >= 0, brokerHeapMb >= 128");
        }
        if (!(alertRate > 0)) {
            throw new IllegalArgumentException("alertRate must be positive");
        }
        Objects.requireNonNull(drainTimeout);
        Objects.requireNonNull(scrapeDuration);
        Objects.requireNonNull(scrapeInterval);
        Objects.requireNonNull(alertWarmup);
        Objects.requireNonNull(alertJitter);
        Objects.requireNonNull(alertFetchMaxWait);
        Objects.requireNonNull(progressInterval);
        vigilProperties = vigilProperties == null ? Map.of() : Map.copyOf(vigilProperties);
        jfrPhase = jfrPhase == null ? Phase.EOS : jfrPhase;
        if (!(alertRateCap >= 0)) {
            throw new IllegalArgumentException("alertRateCap must be >= 0");
        }
        Objects.requireNonNull(seriesScrape);
        Objects.requireNonNull(memory);
        flink = flink == null ? FlinkOptions.defaults() : flink;
    }

    /**
     * The README's defaults: 2,000,000 events, 3 partitions, every phase but flink (asked for by name: its jar is
     * built apart), 1,000 breaches at 20k events/s, 10,000 scraped series, 1,000,000 entities in the memory phase.
     */
    public static E2eOptions defaults() {
        return new E2eOptions(2_000_000, 3, EnumSet.complementOf(EnumSet.of(Phase.FLINK, Phase.FLOOR)), 42L, Path.of("bench-result.json"), null,
                1024, 3, true, Duration.ofMinutes(30), Duration.ofSeconds(60), Duration.ofMillis(100), 20_000, 1_000,
                20, Duration.ofSeconds(5), 4, Duration.ofMillis(100), Duration.ofMillis(5), Map.of(), null, Phase.EOS,
                Duration.ofSeconds(5), 0.5, SeriesScrapeOptions.defaults(), MemoryOptions.defaults(), false,
                FlinkOptions.defaults());
    }

    boolean runs(Phase phase) {
        return phases.contains(phase);
    }

    boolean preloads() {
        return phases.stream().anyMatch(Phase::drains);
    }

    public E2eOptions withEvents(long v) {
        return new E2eOptions(v, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withJson(Path v) {
        return new E2eOptions(events, partitions, phases, seed, v, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withWorkDir(Path v) {
        return new E2eOptions(events, partitions, phases, seed, json, v, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withRawRepeats(int v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, v, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withDrainTimeout(Duration v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                v, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withScrapeDuration(Duration v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, v, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    /** The alert phase's background rate, breaches, warm-up breaches and warm-up time. */
    public E2eOptions withAlert(double rate, int breaches, int warmupBreaches, Duration warmup) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, rate, breaches, warmupBreaches,
                warmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withProgressInterval(Duration v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                v, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withSeriesScrape(SeriesScrapeOptions v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, v, memory, randomKeys, flink);
    }

    public E2eOptions withMemory(MemoryOptions v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, v, randomKeys, flink);
    }

    public E2eOptions withRandomKeys(boolean v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, v, flink);
    }

    public E2eOptions withPhases(Set<Phase> v) {
        return new E2eOptions(events, partitions, v, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, flink);
    }

    public E2eOptions withFlink(FlinkOptions v) {
        return new E2eOptions(events, partitions, phases, seed, json, workDir, brokerHeapMb, rawRepeats, oracle,
                drainTimeout, scrapeDuration, scrapeInterval, alertRate, alertBreaches, alertWarmupBreaches,
                alertWarmup, alertProbes, alertJitter, alertFetchMaxWait, vigilProperties, jfrFile, jfrPhase,
                progressInterval, alertRateCap, seriesScrape, memory, randomKeys, v);
    }
}
