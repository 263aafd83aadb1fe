package dev.vigil.bench;

import dev.vigil.app.VigilApp;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /metrics} latency with many live series, under load (issue 6): a fresh Vigil
 * (exactly_once_v2) on its own input topic, whose seed events ({@link SeriesSeed}) first create
 * the requested number of Vigil series, with {@code aggregates.max_series_per_metric} raised so
 * that none is folded into {@code __other__}. Once Vigil exposes every seeded series (an awaited
 * condition on its {@code /metrics}), the simulator's realistic mix is published at a fixed rate
 * ({@link SimulatorLoad}) while {@code /metrics} is scraped in a loop ({@link Scraper}).
 */
final class SeriesScrape {
    static final String INPUT = "bench-scrape-events";
    private static final String EOS = "exactly_once_v2";
    private static final long POLL_NANOS = 500_000_000L;
    private static final long LAG_SAMPLE_NANOS = 1_000_000_000L;
    /** Fallen behind: more records unprocessed than the load brings in this long (as in the alert phase). */
    private static final double BEHIND_SECONDS = 10;

    /**
     * What the phase measured.
     *
     * @param plan              the seed events
     * @param maxSeriesPerMetric the cap set for this run
     * @param seededExposed     seeded series seen on {@code /metrics} when they were all there
     * @param readySeconds      Vigil start → every seeded series exposed
     * @param loadRate          achieved background load, records/s
     * @param maxLag            most records published (seeds + load) and not yet counted by Vigil, sampled every second
     * @param fellBehind        whether the lag exceeded 10 s of load: the scrapes then
     *                          measured a Vigil working off a backlog
     */
    record Result(SeriesSeed.Plan plan, int maxSeriesPerMetric, long seededExposed, double readySeconds,
                  List<Scraper.Scrape> scrapes, int failures, String contentType, double loadRate, long loadSent,
                  long maxLag, long finalLag, boolean fellBehind, CpuMeter.Usage cpu) {

        void reportTo(Report report) {
            Stats latency = Stats.of(scrapes.stream().mapToDouble(Scraper.Scrape::millis).toArray());
            report.figure("scrape", "series_seeded", plan.series(), "Vigil series the seed events create");
            report.figure("scrape", "series_ready_after", readySeconds,
                    "s (Vigil start → every seeded series exposed)");
            report.figure("scrape", "scrapes", latency.count(), "scrapes (under load)");
            report.figure("scrape", "latency_p50", latency.p50(), "ms");
            report.figure("scrape", "latency_p99", latency.p99(), "ms");
            report.figure("scrape", "latency_max", latency.max(), "ms");
            report.figure("scrape", "vigil_series_min", scrapes.stream().mapToInt(Scraper.Scrape::vigilSeries).min()
                    .orElse(0), "Vigil series in one scrape, fewest (name + labels, not kafka_*, a histogram once)");
            report.figure("scrape", "vigil_series_max", scrapes.stream().mapToInt(Scraper.Scrape::vigilSeries).max()
                    .orElse(0), "Vigil series in one scrape, most");
            report.figure("scrape", "vigil_samples_max", scrapes.stream().mapToInt(Scraper.Scrape::vigilSamples).max()
                    .orElse(0), "sample lines in one scrape (not kafka_*)");
            report.figure("scrape", "samples_max", scrapes.stream().mapToInt(Scraper.Scrape::samples).max().orElse(0),
                    "sample lines in one scrape (all)");
            report.figure("scrape", "bytes_max", scrapes.stream().mapToInt(Scraper.Scrape::bytes).max().orElse(0),
                    "bytes in one scrape");
            report.figure("scrape", "samples_total", scrapes.stream().mapToLong(Scraper.Scrape::samples).sum(),
                    "sample lines, all scrapes");
            report.figure("scrape", "bytes_total", scrapes.stream().mapToLong(Scraper.Scrape::bytes).sum(),
                    "bytes, all scrapes");
            report.figure("scrape", "load_rate", loadRate, "records/s (achieved background load)");
            report.figure("scrape", "cpu_vigil", cpu.selfCores(),
                    "cores (Vigil JVM + load generator + scraper, average)");
            report.figure("scrape", "cpu_broker", cpu.brokerCores(), "cores (broker JVM, average)");
            report.info("scrape.series_counting", "a series is a distinct metric family + label set of Vigil's own "
                    + "metrics (families not named kafka_*) in one text/plain scrape: a histogram data point counts "
                    + "once (its _count line, not its _bucket and _sum lines), any other sample line once; "
                    + "created-timestamp families (x_created) are not counted");
            report.info("scrape.seed", String.format(Locale.ROOT, "%,d agent.call.completed: %d agents × %d "
                    + "capabilities × %d models; %,d lasting series + %d agents × %d windows of "
                    + "agent_call_success_ratio (these empty once the load's event time passes them)",
                    plan.calls(), plan.agents(), SeriesSeed.CAPABILITIES, SeriesSeed.MODELS, plan.lastingSeries(),
                    plan.agents(), plan.windows()));
            report.info("scrape.seeded_series_exposed", seededExposed);
            report.info("scrape.max_series_per_metric", maxSeriesPerMetric);
            report.info("scrape.load_records", loadSent);
            report.info("scrape.max_lag_records", maxLag);
            report.info("scrape.final_lag_records", finalLag);
            report.info("scrape.fell_behind_load", fellBehind);
            report.info("scrape.failures", failures);
            report.info("scrape.content_type", contentType);
        }
    }

    private final KafkaBroker broker;
    private final E2eOptions options;
    private final Path work;
    private final Consumer<String> progress;

    SeriesScrape(KafkaBroker broker, E2eOptions options, Path work, Consumer<String> progress) {
        this.broker = broker;
        this.options = options;
        this.work = work;
        this.progress = progress;
    }

    /** @param loadRate the background load while scraping, records per second */
    Result run(double loadRate) {
        SeriesScrapeOptions o = options.seriesScrape();
        broker.createTopic(INPUT, options.partitions(), Map.of("retention.ms", "-1"));
        int windows = ConfigLoader.defaults().aggregates().windows().size();
        SeriesSeed.Plan plan = SeriesSeed.Plan.forSeries(o.series(), windows);
        // Room for every seeded series of the largest metric and, on top, the default cap for the load's own.
        int cap = Math.toIntExact(plan.largestMetric() + ConfigLoader.defaults().aggregates().maxSeriesPerMetric());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        VigilConfig config = VigilConfigs.build(broker.bootstrapServers(), "bench-scrape-" + suffix, EOS,
                new VigilConfigs.Topics(INPUT, "bench-scrape-dlq-" + suffix, "bench-scrape-alerts-" + suffix), work,
                options.vigilProperties(), "aggregates:\n  max_series_per_metric: " + cap + "\n");
        if (config.aggregates().windows().size() != windows) {
            throw new IllegalStateException("[scrape] expected the default " + windows + " windows");
        }
        // The load's simulated clock starts a day back (it runs faster than real time); the seeds just before it.
        Instant loadStart = Instant.now().minus(Duration.ofDays(1));
        progress.accept(String.format(Locale.ROOT, "[scrape] %,d seed calls into %s (%d agents × %d capabilities × "
                + "%d models: %,d Vigil series), max_series_per_metric %,d", plan.calls(), INPUT, plan.agents(),
                SeriesSeed.CAPABILITIES, SeriesSeed.MODELS, plan.series(), cap));
        SeriesSeed.publish(broker.bootstrapServers(), INPUT, plan,
                loadStart.minus(Duration.ofMinutes(1)).toEpochMilli());
        try (VigilApp app = VigilApp.start(config)) {
            long t0 = System.nanoTime();
            long exposed = awaitSeries(app, plan, t0);
            double readySeconds = (System.nanoTime() - t0) / 1e9;
            progress.accept(String.format(Locale.ROOT, "[scrape] all %,d seeded series exposed after %.1f s; "
                    + "scraping every %d ms for %d s under a load of %,.0f records/s", exposed, readySeconds,
                    options.scrapeInterval().toMillis(), options.scrapeDuration().toSeconds(), loadRate));
            return scrapeUnderLoad(app, plan, cap, exposed, readySeconds, loadStart, loadRate);
        } finally {
            String dir = config.kafka().properties().get("state.dir");
            if (dir != null) {
                BenchRun.deleteRecursively(Path.of(dir));
            }
        }
    }

    /** Waits until {@code /metrics} shows every seeded series; returns how many it showed. */
    private long awaitSeries(VigilApp app, SeriesSeed.Plan plan, long t0) {
        MetricsPage page = new MetricsPage(app.httpPort());
        long deadline = t0 + options.drainTimeout().toNanos();
        long nextProgress = t0 + options.progressInterval().toNanos();
        long seen = 0;
        while (true) {
            checkRunning(app);
            String body = page.fetch();
            if (body != null) {
                SeriesCount.Counts counts = SeriesCount.of(body, SeriesSeed.MARKER);
                seen = counts.marked();
                if (seen >= plan.series() && counts.vigilSeries() >= options.seriesScrape().series()) {
                    return seen;
                }
            }
            long now = System.nanoTime();
            if (now > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT, "[scrape] only %,d of %,d seeded series "
                        + "exposed within %s", seen, plan.series(), options.drainTimeout()));
            }
            if (now >= nextProgress) {
                nextProgress = now + options.progressInterval().toNanos();
                progress.accept(String.format(Locale.ROOT, "[scrape] %,d / %,d seeded series exposed, %,d / %,d seed "
                        + "calls counted, %.0f s elapsed", seen, plan.series(),
                        VigilDrain.counted(app.selfMetricCounts()), plan.calls(), (now - t0) / 1e9));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private Result scrapeUnderLoad(VigilApp app, SeriesSeed.Plan plan, int cap, long exposed, double readySeconds,
                                   Instant loadStart, double loadRate) {
        long maxLag = 0;
        long lag = 0;
        boolean fellBehind = false;
        CpuMeter cpu = CpuMeter.start(broker.pid());
        long t0 = System.nanoTime();
        long end = t0 + options.scrapeDuration().toNanos();
        long nextLagSample = t0 + LAG_SAMPLE_NANOS;
        long nextProgress = t0 + options.progressInterval().toNanos();
        try (SimulatorLoad load = new SimulatorLoad(broker.bootstrapServers(), INPUT, loadRate, options.seed() + 2,
                loadStart, "bench-scrape-load");
             Scraper scraper = new Scraper(app.httpPort())) {
            load.start();
            scraper.start(options.scrapeInterval());
            long now = t0;
            while (now < end) {
                LockSupport.parkNanos(Math.min(end - now, 100_000_000L));
                now = System.nanoTime();
                checkRunning(app);
                if (load.failure() != null) {
                    throw new IllegalStateException("[scrape] the background load failed", load.failure());
                }
                if (now >= nextLagSample) {
                    nextLagSample = now + LAG_SAMPLE_NANOS;
                    lag = Math.max(0, plan.calls() + load.sent() - VigilDrain.counted(app.selfMetricCounts()));
                    maxLag = Math.max(maxLag, lag);
                    if (!fellBehind && lag > loadRate * BEHIND_SECONDS) {
                        fellBehind = true;
                        progress.accept(String.format(Locale.ROOT, "[scrape] Vigil is behind the load by %,d records "
                                + "(more than %.0f s of it): these scrapes measure a Vigil working off a backlog; a "
                                + "lower --scrape-load-rate measures one that keeps up", lag, BEHIND_SECONDS));
                    }
                }
                if (now >= nextProgress) {
                    nextProgress = now + options.progressInterval().toNanos();
                    progress.accept(progressLine(scraper.scrapes(), load, lag, (now - t0) / 1e9));
                }
            }
            scraper.close();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long sent = load.sent();
            lag = Math.max(0, plan.calls() + sent - VigilDrain.counted(app.selfMetricCounts()));
            List<Scraper.Scrape> scrapes = scraper.scrapes();
            if (scrapes.isEmpty()) {
                throw new IllegalStateException("[scrape] no successful scrape (" + scraper.failures() + " failed)");
            }
            Result r = new Result(plan, cap, exposed, readySeconds, scrapes, scraper.failures(), scraper.contentType(),
                    sent / seconds, sent, Math.max(maxLag, lag), lag, fellBehind, cpu.stop());
            Stats latency = Stats.of(scrapes.stream().mapToDouble(Scraper.Scrape::millis).toArray());
            progress.accept(String.format(Locale.ROOT, "[scrape] %d scrapes: p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                    + "%,d–%,d Vigil series per scrape; load %,.0f records/s, max lag %,d records", latency.count(),
                    latency.p50(), latency.p99(), latency.max(),
                    scrapes.stream().mapToInt(Scraper.Scrape::vigilSeries).min().orElse(0),
                    scrapes.stream().mapToInt(Scraper.Scrape::vigilSeries).max().orElse(0), r.loadRate(), r.maxLag()));
            return r;
        }
    }

    private static String progressLine(List<Scraper.Scrape> scrapes, SimulatorLoad load, long lag, double elapsed) {
        String latency = "no scrape yet";
        if (!scrapes.isEmpty()) {
            Stats s = Stats.of(scrapes.stream().mapToDouble(Scraper.Scrape::millis).toArray());
            latency = String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms", s.p50(), s.p99());
        }
        return String.format(Locale.ROOT, "[scrape] %d scrapes (%s), last %,d Vigil series; load %,.0f records/s "
                + "(%,d sent), Vigil lag %,d records, %.0f s elapsed", scrapes.size(), latency,
                scrapes.isEmpty() ? 0 : scrapes.get(scrapes.size() - 1).vigilSeries(), load.sent() / elapsed,
                load.sent(), lag, elapsed);
    }

    private static void checkRunning(VigilApp app) {
        KafkaStreams.State state = app.state();
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            throw new IllegalStateException("[scrape] Kafka Streams stopped: " + state);
        }
    }
}
