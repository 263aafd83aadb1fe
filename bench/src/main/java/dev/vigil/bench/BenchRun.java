package dev.vigil.bench;

import dev.vigil.bench.E2eOptions.Phase;
import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.KafkaBroker;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end benchmark run on a local single-node KRaft broker it starts itself (a child JVM,
 * {@link KafkaBroker}); Vigil runs in this JVM. Phases, in order: preload, raw consumer drain,
 * Vigil drain under at_least_once, under exactly_once_v2, the Flink peer's drain of the same topic
 * ({@link FlinkPeerRun}), {@code /metrics} latency with many
 * series under load ({@link SeriesScrape}), alert latency, and the memory of a Vigil child process
 * holding many live entities ({@link MemoryFootprint}). Ratios are taken within the run, since the
 * machine is shared and absolute figures move from one run to the next.
 */
public final class BenchRun {
    private static final Logger LOG = LoggerFactory.getLogger(BenchRun.class);
    static final String INPUT = "bench-events";
    static final String ALERT_INPUT = "bench-alert-events";
    private static final String ALOS = "at_least_once";
    private static final String EOS = "exactly_once_v2";

    private final E2eOptions options;
    private final Consumer<String> progress;
    private final TracingRuns tracing;
    private final SummaryPolls polls;
    private final Report report = new Report();
    private Path work;
    private double alosRate = Double.NaN;
    private double eosRate = Double.NaN;

    private BenchRun(E2eOptions options, TracingRuns tracing, SummaryPolls polls, Consumer<String> progress) {
        this.options = options;
        this.tracing = tracing;
        this.polls = polls;
        this.progress = progress;
    }

    /**
     * Runs the phases of {@code options}, writes the JSON report if asked, and returns the report.
     *
     * @param progress receives a progress line now and then
     */
    public static Report run(E2eOptions options, Consumer<String> progress) throws IOException {
        return run(options, List.of(), progress);
    }

    /**
     * As {@link #run(E2eOptions, Consumer)}, each drain phase (alos, eos) draining once per tracing
     * setting, in this order: {@code off} or a sample rate (see {@link TracingRuns}).
     */
    public static Report run(E2eOptions options, List<String> tracingSampleRates, Consumer<String> progress)
            throws IOException {
        return run(options, tracingSampleRates, List.of(), progress);
    }

    /**
     * As {@link #run(E2eOptions, Consumer)}, each drain phase (alos, eos) draining once per tracing
     * setting or once per status-page poll setting ({@link SummaryPolls}); not both.
     */
    public static Report run(E2eOptions options, List<String> tracingSampleRates, List<String> summaryPolls,
                             Consumer<String> progress) throws IOException {
        SummaryPolls polls = SummaryPolls.parse(summaryPolls);
        try (TracingRuns tracing = TracingRuns.parse(tracingSampleRates)) {
            if (polls.given() && tracing.rates().size() > 1) {
                throw new IllegalArgumentException("--summary-poll and --tracing-sample-rates: give one or the other");
            }
            return new BenchRun(options, tracing, polls, progress).run();
        }
    }

    private Report run() throws IOException {
        describeMachine();
        describeSettings();
        boolean ownWorkDir = options.workDir() == null;
        work = ownWorkDir ? Files.createTempDirectory("vigil-bench-")
                : Files.createDirectories(options.workDir());
        long wallStart = System.nanoTime();
        KafkaBroker.Options brokerOptions = KafkaBroker.Options.defaults().withHeapMb(options.brokerHeapMb())
                // The simulated clock of the alert load runs ahead of real time; nothing here should be
                // refused for a timestamp.
                .withExtraServerProperty("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
            progress.accept("Broker " + broker.bootstrapServers() + " (pid " + broker.pid() + ", heap "
                    + options.brokerHeapMb() + " MB), work directory " + work);
            Map<String, Double> expected = null;
            if (options.preloads()) {
                expected = preload(broker);
            }
            double raw = Double.NaN;
            if (options.runs(Phase.RAW)) {
                raw = raw(broker);
            }
            VigilDrain drain = new VigilDrain(broker.bootstrapServers(), broker.pid(), options.progressInterval(),
                    progress);
            if (options.runs(Phase.ALOS)) {
                drains(drain, broker, Phase.ALOS, ALOS, expected, raw);
            }
            if (options.runs(Phase.EOS)) {
                drains(drain, broker, Phase.EOS, EOS, expected, raw);
            }
            if (options.runs(Phase.FLINK)) {
                flink(broker, expected, raw);
            }
            if (options.runs(Phase.FLOOR)) {
                floor(broker);
            }
            if (options.runs(Phase.CEILING)) {
                ceiling(broker, drain, expected);
            }
            if (options.runs(Phase.SCRAPE)) {
                scrape(broker);
            }
            if (options.runs(Phase.ALERT)) {
                alert(broker);
            }
            if (options.runs(Phase.MEMORY)) {
                new MemoryFootprint(broker, options, work, progress).run().reportTo(report);
            }
        } finally {
            report.machine("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            report.info("run_seconds", Math.round((System.nanoTime() - wallStart) / 1e9));
            if (ownWorkDir) {
                deleteRecursively(work);
            }
        }
        if (options.json() != null) {
            report.writeJson(options.json());
            progress.accept("JSON report: " + options.json().toAbsolutePath());
        }
        return report;
    }

    // ------------------------------------------------------------------------------------------ phases

    private Map<String, Double> preload(KafkaBroker broker) {
        broker.createTopic(INPUT, options.partitions(), Map.of("retention.ms", "-1", "max.message.bytes", "2097152"));
        // Record timestamps follow the simulated clock (~25 simulated seconds per 1,000 records): start it far
        // enough back that every timestamp is in the past.
        Instant start = Instant.now().minus(Duration.ofSeconds(options.events() / 10 + 3600));
        progress.accept(String.format(Locale.ROOT, "[preload] %,d records into %s (%d partitions)%s",
                options.events(), INPUT, options.partitions(), options.oracle() ? ", computing the exact metrics" : ""));
        Preload.Result r = Preload.run(broker.bootstrapServers(), INPUT, options.partitions(), options.events(),
                options.seed(), start, options.oracle(), options.randomKeys(), options.progressInterval(), progress);
        report.figure("preload", "records", r.records(), "records");
        report.figure("preload", "rate", r.records() / r.seconds(), "records/s");
        report.figure("preload", "record_bytes_avg", (double) r.wireBytes() / r.records(),
                "bytes (key + value + headers)");
        report.figure("preload", "value_bytes_avg", (double) r.valueBytes() / r.records(), "bytes");
        progress.accept(String.format(Locale.ROOT, "[preload] done: %,d records in %.1f s, %.0f bytes/record",
                r.records(), r.seconds(), (double) r.wireBytes() / r.records()));
        return r.expectedMetrics();
    }

    private double raw(KafkaBroker broker) {
        List<RawDrain.Result> runs = new ArrayList<>();
        for (int i = 0; i < options.rawRepeats(); i++) {
            RawDrain.Result r = RawDrain.run(broker.bootstrapServers(), INPUT, options.partitions(),
                    options.drainTimeout());
            if (r.records() != options.events()) {
                throw new IllegalStateException("the raw consumer read " + r.records() + " records, not "
                        + options.events());
            }
            runs.add(r);
            progress.accept(String.format(Locale.ROOT, "[raw] run %d: %,d records in %.2f s: %,.0f records/s",
                    i + 1, r.records(), r.seconds(), r.recordsPerSecond()));
        }
        runs.sort(Comparator.comparingDouble(RawDrain.Result::recordsPerSecond));
        RawDrain.Result median = runs.get(runs.size() / 2);
        report.figure("raw", "rate", median.recordsPerSecond(), "records/s (median of " + runs.size() + ")");
        report.figure("raw", "throughput", median.bytes() / median.seconds() / 1e6, "MB/s (key + value)");
        report.info("raw.rates", runs.stream().map(r -> Math.round(r.recordsPerSecond())).toList());
        return median.recordsPerSecond();
    }

    /** One drain per tracing setting; the traced ones also as a ratio to the untraced one. */
    private void drains(VigilDrain drain, KafkaBroker broker, Phase phase, String guarantee,
                        Map<String, Double> expected, double raw) throws IOException {
        String untraced = phase.name().toLowerCase(Locale.ROOT);
        if (polls.given()) {
            polledDrains(drain, broker, phase, guarantee, expected, raw);
            return;
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (TracingRuns.Rate rate : tracing.rates()) {
            drain(drain, broker, phase, guarantee, expected, raw, rate);
            rates.computeIfAbsent(rate.label(), l -> new ArrayList<>()).add(report.value(untraced + rate.suffix(), "rate"));
        }
        double off = mean(rates.get("off"));
        rates.forEach((label, drained) -> {
            if (!label.equals("off")) {
                report.figure(untraced + "_trace_" + label, "ratio_to_untraced", mean(drained) / off,
                        "× untraced (mean drain rates of " + drained.size() + " and " + rates.get("off").size()
                                + " drains of this run)");
            }
        });
    }

    /**
     * One untraced drain per poll setting, each with a client polling {@code /api/v1/summary} at its
     * interval; the polled ones also as ratios (rate, CPU per record) to the drains nobody polled.
     */
    private void polledDrains(VigilDrain drain, KafkaBroker broker, Phase phase, String guarantee,
                              Map<String, Double> expected, double raw) throws IOException {
        String base = phase.name().toLowerCase(Locale.ROOT);
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Map<String, List<Double>> cpuPerRecord = new LinkedHashMap<>();
        for (SummaryPolls.Poll poll : polls.polls()) {
            String name = base + poll.suffix();
            SummaryPoller[] poller = new SummaryPoller[1];
            drain(drain, broker, phase, guarantee, expected, raw, TracingRuns.none().rates().get(0), poll.suffix(),
                    port -> {
                        if (poll.off()) {
                            return () -> { };
                        }
                        poller[0] = SummaryPoller.start(port, poll.interval());
                        return poller[0];
                    });
            if (poller[0] != null) {
                List<Double> latencies = poller[0].latencies();
                report.info(name + ".summary_polls", latencies.size());
                report.info(name + ".summary_polls_unavailable", poller[0].unavailable());
                report.info(name + ".summary_poll_failures", poller[0].failures());
                if (!latencies.isEmpty()) {
                    Stats stats = Stats.of(latencies.stream().mapToDouble(Double::doubleValue).toArray());
                    report.figure(name, "summary_p50", stats.p50(), "ms (GET /api/v1/summary, during the drain)");
                    report.figure(name, "summary_p99", stats.p99(), "ms");
                    report.info(name + ".summary_mean_bytes", poller[0].bytes() / latencies.size());
                }
            }
            if (poll.warmup()) {
                continue;
            }
            rates.computeIfAbsent(poll.label(), l -> new ArrayList<>()).add(report.value(name, "rate"));
            cpuPerRecord.computeIfAbsent(poll.label(), l -> new ArrayList<>()).add(report.value(name, "cpu_per_record"));
        }
        double offRate = mean(rates.get("off"));
        double offCpu = mean(cpuPerRecord.get("off"));
        rates.forEach((label, drained) -> {
            if (!label.equals("off")) {
                String name = base + "_poll_" + label;
                report.figure(name, "ratio_to_unpolled", mean(drained) / offRate, "× the drain rate nobody polled "
                        + "(means of " + drained.size() + " and " + rates.get("off").size() + " drains of this run)");
                report.figure(name, "cpu_ratio_to_unpolled", mean(cpuPerRecord.get(label)) / offCpu,
                        "× the Vigil-JVM CPU per record nobody polled (means)");
            }
        });
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private void drain(VigilDrain drain, KafkaBroker broker, Phase phase, String guarantee,
                       Map<String, Double> expected, double raw, TracingRuns.Rate tracingRate) throws IOException {
        drain(drain, broker, phase, guarantee, expected, raw, tracingRate, tracingRate.suffix(), port -> () -> { });
    }

    private void drain(VigilDrain drain, KafkaBroker broker, Phase phase, String guarantee,
                       Map<String, Double> expected, double raw, TracingRuns.Rate tracingRate, String suffix,
                       IntFunction<VigilDrain.Load> alongside) throws IOException {
        String name = phase.name().toLowerCase(Locale.ROOT) + suffix;
        VigilConfig config = config(broker, name.replace('.', '-'), guarantee,
                tracingRate.off() ? "" : tracingRate.yaml(tracing.sink().endpoint()));
        long otlpRequests = tracingRate.off() ? 0 : tracing.sink().requests();
        long otlpBytes = tracingRate.off() ? 0 : tracing.sink().bytes();
        progress.accept("[" + name + "] Vigil (" + guarantee + ", application.id " + config.kafka().applicationId()
                + ", tracing " + tracingRate.label() + ") draining " + INPUT);
        VigilDrain.Result r = recording(phase, () -> drain.run(name, config, options.events(), expected,
                options.drainTimeout(), alongside));
        deleteState(config);
        if (!r.drained()) {
            throw new IllegalStateException("[" + name + "] not drained");
        }
        report.figure(name, "rate", r.rate(), "records/s (first record counted → drained)");
        if (!Double.isNaN(raw)) {
            report.figure(name, "ratio_to_raw", r.rate() / raw, "× raw consumer");
        }
        report.figure(name, "rate_from_start", r.rateFromStart(), "records/s (start → drained)");
        if (!Double.isNaN(raw)) {
            report.figure(name, "ratio_to_raw_from_start", r.rateFromStart() / raw, "× raw consumer");
        }
        report.figure(name, "startup", r.firstSeconds(), "s (start → first record counted)");
        report.figure(name, "drained_after", r.drainedSeconds(), "s (start → drained)");
        report.figure(name, "cpu_vigil", r.cpu().selfCores(), "cores (Vigil JVM, average)");
        report.figure(name, "cpu_broker", r.cpu().brokerCores(), "cores (broker JVM, average)");
        report.figure(name, "cpu_per_record", r.cpu().selfCores() * r.cpu().seconds() / options.events() * 1e6,
                "µs of CPU per input record (the JVM running Vigil, from its start until it closed)");
        long internal = r.internalRecords().values().stream().mapToLong(Long::longValue).sum();
        if (internal > 0) {
            report.figure(name, "internal_records_per_event", (double) internal / options.events(),
                    "records written to internal topics per input record");
        }
        if (!tracingRate.off()) {
            // Read after the app closed, which exports what its batch processor still held.
            report.info(name + ".otlp_requests", tracing.sink().requests() - otlpRequests);
            report.info(name + ".otlp_bytes", tracing.sink().bytes() - otlpBytes);
        } else if (phase == Phase.EOS) {
            eosRate = r.rate();
        } else if (phase == Phase.ALOS) {
            alosRate = r.rate();
        }
        report.info(name + ".series_stage_tail_seconds", Math.round((r.drainedSeconds() - r.ingestedSeconds()) * 1000) / 1000.0);
        report.info(name + ".matches_simulator_truth", r.matchesOracle());
        report.info(name + ".internal_topic_records", r.internalRecords());
        progress.accept(String.format(Locale.ROOT,
                "[%s] drained: %,.0f records/s (%.2f × raw), start-up %.1f s, drained after %.1f s, exact metrics: %s",
                name, r.rate(), r.rate() / raw, r.firstSeconds(), r.drainedSeconds(),
                r.matchesOracle() ? "yes" : (expected == null ? "not checked" : "NO")));
    }

    /** Kafka Streams alone, each variant draining the preloaded topic once ({@link StreamsFloor}). */
    private void floor(KafkaBroker broker) {
        for (StreamsFloor.Variant variant : StreamsFloor.Variant.values()) {
            String name = "floor_" + variant.name().toLowerCase(Locale.ROOT);
            String applicationId = "bench-" + name.replace('_', '-') + "-" + System.currentTimeMillis();
            broker.createTopic(applicationId + "-out", options.partitions(), Map.of());
            Path state = work.resolve(applicationId);
            progress.accept("[" + name + "] Kafka Streams alone (" + EOS + ", " + variant + ") draining " + INPUT);
            StreamsFloor.Result r = StreamsFloor.run(broker.bootstrapServers(), INPUT, applicationId, state,
                    options.events(), variant, options.drainTimeout());
            deleteRecursively(state);
            report.figure(name, "rate", r.rate(), "records/s (start → closed)");
            report.figure(name, "cpu_per_record", r.cpuMicrosPerRecord(),
                    "µs of CPU per input record (this JVM, from the Kafka Streams start until it closed)");
            double vigil = report.value("eos", "cpu_per_record");
            if (!Double.isNaN(vigil)) {
                report.figure(name, "vigil_eos_over_floor_cpu", vigil / r.cpuMicrosPerRecord(),
                        "× (Vigil's exactly_once_v2 CPU per record / this floor's)");
            }
            progress.accept(String.format(Locale.ROOT, "[%s] drained: %,.0f records/s, %.1f µs CPU per record",
                    name, r.rate(), r.cpuMicrosPerRecord()));
        }
    }

    /** The series stage's ceiling ({@link SeriesCeiling}). */
    private void ceiling(KafkaBroker broker, VigilDrain drain, Map<String, Double> expected) throws IOException {
        Map<String, String> unpurged = new java.util.HashMap<>(options.vigilProperties());
        unpurged.putAll(SeriesCeiling.NO_PURGE);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        VigilConfig drained = VigilConfigs.build(broker.bootstrapServers(), "bench-ceiling-a-" + suffix, EOS,
                new VigilConfigs.Topics(INPUT, "bench-dlq-ceiling-a-" + suffix, "bench-alerts-ceiling-a-" + suffix),
                work, unpurged, "");
        progress.accept("[ceiling] Vigil (" + EOS + ", repartition topics kept whole) draining " + INPUT);
        VigilDrain.Result r = drain.run("ceiling-drain", drained, options.events(), expected, options.drainTimeout());
        deleteState(drained);
        if (!r.drained()) {
            throw new IllegalStateException("[ceiling] not drained");
        }
        String empty = "bench-ceiling-empty-" + suffix;
        broker.createTopic(empty, options.partitions(), Map.of());
        VigilConfig fresh = VigilConfigs.build(broker.bootstrapServers(), "bench-ceiling-b-" + suffix, EOS,
                new VigilConfigs.Topics(empty, "bench-dlq-ceiling-b-" + suffix, "bench-alerts-ceiling-b-" + suffix),
                work, options.vigilProperties(), "");
        SeriesCeiling.Result c;
        try {
            // Under --jfr with --jfr-phase ceiling, the recording covers the copy and the one task's apply.
            c = recording(Phase.CEILING, () -> {
                try {
                    return new SeriesCeiling(broker.bootstrapServers(), progress).run(drained.kafka().applicationId(),
                            options.events(), fresh, options.drainTimeout());
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("[ceiling] " + e, e);
                }
            });
        } finally {
            deleteState(fresh);
        }
        c.batchesByGroup().forEach((group, n) -> report.figure("ceiling", "batches_per_event_" + group,
                c.batchesPerEvent(group), "series-updates records of group " + group + " per input event"));
        report.figure("ceiling", "task_capacity", c.capacity(),
                "series-updates records/s one task applies (group " + c.busiestGroup() + ", alone on its thread)");
        report.figure("ceiling", "cpu_per_batch", c.cpuSeconds() / c.applied() * 1e6, "µs of CPU per series-updates record");
        report.figure("ceiling", "events_per_s", c.ceiling(),
                "input events/s at which the busiest group's series task is saturated");
    }

    /**
     * The Flink peer drains the preloaded topic in a child JVM; its result must equal the truth for its metric
     * families, else the phase fails with the differing series. Reported: its rate, CPU, and Vigil's
     * exactly_once_v2 events per CPU-second over Flink's when both ran.
     */
    private void flink(KafkaBroker broker, Map<String, Double> expected, double raw) throws IOException {
        if (expected == null) {
            throw new IllegalStateException("[flink] the Flink peer is checked against the simulator's truth: "
                    + "run it with the oracle (no --no-oracle, no --random-keys)");
        }
        String output = "bench-flink-series-" + UUID.randomUUID().toString().substring(0, 8);
        broker.createTopic(output, options.partitions(), Map.of("retention.ms", "-1"));
        FlinkPeerRun.Settings settings = new FlinkPeerRun.Settings(options.flink().jarOrDefault(),
                options.partitions(), options.flink().checkpointIntervalMs(), options.flink().heapMb(),
                options.drainTimeout());
        progress.accept(String.format(Locale.ROOT, "[flink] the Flink peer (%s, parallelism %d, exactly-once "
                        + "checkpoints every %d ms, -Xmx%dm) draining %s into %s", settings.jar(),
                settings.parallelism(), settings.checkpointIntervalMs(), settings.heapMb(), INPUT, output));
        FlinkPeerRun.Result r = FlinkPeerRun.run(broker.bootstrapServers(), INPUT, output, options.events(), expected,
                settings, work);
        report.info("flink.matches_simulator_truth", r.differences().isEmpty());
        report.info("flink.records_read", r.records());
        report.info("flink.accepted", r.accepted());
        report.info("flink.duplicates", r.duplicates());
        report.info("flink.invalid_dropped", r.invalid());
        report.info("flink.outside_subset", r.outsideSubset());
        report.info("flink.series", r.series());
        report.info("flink.log", r.log().toString());
        if (!r.differences().isEmpty()) {
            throw new IllegalStateException("[flink] the Flink peer's result differs from the simulator's truth in "
                    + r.differences().size() + " samples:\n  " + String.join("\n  ",
                    r.differences().subList(0, Math.min(50, r.differences().size()))));
        }
        if (r.records() != options.events()) {
            throw new IllegalStateException("[flink] the Flink peer read " + r.records() + " records, not "
                    + options.events());
        }
        long events = options.events();
        report.figure("flink", "rate", events / r.wallSeconds(), "records/s (JVM start → job finished)");
        if (!Double.isNaN(raw)) {
            report.figure("flink", "ratio_to_raw", events / r.wallSeconds() / raw, "× raw consumer");
        }
        report.figure("flink", "job_seconds", r.jobSeconds(), "s (job submitted → finished, last checkpoint committed)");
        report.figure("flink", "wall_seconds", r.wallSeconds(), "s (JVM start → job finished)");
        report.figure("flink", "cpu_flink", r.cpuSeconds() / r.wallSeconds(), "cores (Flink peer JVM, average)");
        report.figure("flink", "cpu_per_record", r.cpuMicrosPerEvent(events),
                "µs of CPU per input record (the Flink peer's JVM, from its start until its job finished)");
        report.figure("flink", "events_per_cpu_second", r.eventsPerCpuSecond(events),
                "input records per CPU-second (the Flink peer's JVM)");
        double vigilCpuPerRecord = report.value("eos", "cpu_per_record");
        if (!Double.isNaN(vigilCpuPerRecord)) {
            double vigil = 1e6 / vigilCpuPerRecord;
            report.figure("flink", "vigil_eos_events_per_cpu_second", vigil,
                    "input records per CPU-second (the JVM running Vigil, exactly_once_v2 drain of this run)");
            report.figure("flink", "vigil_over_flink_events_per_cpu_s", vigil / r.eventsPerCpuSecond(events),
                    "× (Vigil exactly_once_v2 events per CPU-second / the Flink peer's)");
        }
        progress.accept(String.format(Locale.ROOT, "[flink] drained: %,.0f records/s (JVM start → job finished, "
                        + "%.1f s), %.1f µs CPU per record, %,.0f events per CPU-second, exact metrics: yes%s",
                events / r.wallSeconds(), r.wallSeconds(), r.cpuMicrosPerEvent(events), r.eventsPerCpuSecond(events),
                Double.isNaN(vigilCpuPerRecord) ? "" : String.format(Locale.ROOT, "; Vigil / Flink events per "
                        + "CPU-second: %.2f", (1e6 / vigilCpuPerRecord) / r.eventsPerCpuSecond(events))));
    }

    private void scrape(KafkaBroker broker) throws IOException {
        double rate = LoadRate.capped("scrape", options.seriesScrape().loadRate(), options.seriesScrape().loadRateCap(),
                eosRate, alosRate, "--scrape-load-rate-cap", progress, report);
        recording(Phase.SCRAPE, () -> new SeriesScrape(broker, options, work, progress).run(rate)).reportTo(report);
    }

    private void alert(KafkaBroker broker) {
        double rate = LoadRate.capped("alert", options.alertRate(), options.alertRateCap(), eosRate, alosRate,
                "--alert-rate-cap", progress, report);
        broker.createTopic(ALERT_INPUT, options.partitions(), Map.of("retention.ms", "-1"));
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "bench-alert-" + suffix;
        VigilConfig config = VigilConfigs.build(broker.bootstrapServers(), applicationId, EOS,
                new VigilConfigs.Topics(ALERT_INPUT, "bench-alert-dlq-" + suffix, "bench-alert-alerts-" + suffix),
                work, options.vigilProperties(), AlertLatency.yaml(options.alertProbes()));
        progress.accept(String.format(Locale.ROOT,
                "[alert] Vigil (%s) with rule %s on %d probe pools; background load %,.0f records/s; %d + %d breaches",
                EOS, AlertLatency.RULE, options.alertProbes(), rate, options.alertWarmupBreaches(),
                options.alertBreaches()));
        AlertLatency.Result r = new AlertLatency(broker.bootstrapServers(), broker.pid(), options, rate, progress).run(config);
        deleteState(config);
        report.figure("alert", "breaches", r.firing().count(), "breaches measured");
        report.figure("alert", "firing_p50", r.firing().p50(), "ms (send of breaching event → alert readable)");
        report.figure("alert", "firing_p90", r.firing().p90(), "ms");
        report.figure("alert", "firing_p99", r.firing().p99(), "ms");
        report.figure("alert", "firing_max", r.firing().max(), "ms");
        if (r.resolved() != null) {
            report.figure("alert", "resolved_p50", r.resolved().p50(), "ms (send of clearing event → resolved readable)");
            report.figure("alert", "resolved_p99", r.resolved().p99(), "ms");
        }
        report.figure("alert", "load_rate", r.loadRate(), "records/s (achieved background load)");
        report.figure("alert", "cpu_vigil", r.cpu().selfCores(), "cores (Vigil JVM + load generator, average)");
        report.figure("alert", "cpu_broker", r.cpu().brokerCores(), "cores (broker JVM, average)");
        report.info("alert.timeouts", r.timeouts());
        report.info("alert.unexpected_transitions", r.unexpected());
        report.info("alert.max_lag_records", r.maxLag());
        report.info("alert.final_lag_records", r.finalLag());
        report.info("alert.other_alerts", r.otherAlerts());
        report.info("alert.commit_interval_ms", options.vigilProperties().getOrDefault("commit.interval.ms",
                "100 (Kafka Streams default under exactly_once_v2)"));
        progress.accept(String.format(Locale.ROOT,
                "[alert] %d breaches: p50 %.1f ms, p99 %.1f ms, max %.1f ms at %,.0f records/s (max lag %,d records)",
                r.firing().count(), r.firing().p50(), r.firing().p99(), r.firing().max(), r.loadRate(), r.maxLag()));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private VigilConfig config(KafkaBroker broker, String phase, String guarantee, String yaml) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        return VigilConfigs.build(broker.bootstrapServers(), "bench-" + phase + "-" + suffix, guarantee,
                new VigilConfigs.Topics(INPUT, "bench-dlq-" + phase + "-" + suffix, "bench-alerts-" + phase + "-" + suffix),
                work, options.vigilProperties(), yaml);
    }

    private void deleteState(VigilConfig config) {
        String dir = config.kafka().properties().get("state.dir");
        if (dir != null) {
            deleteRecursively(Path.of(dir));
        }
    }

    private interface Body<T> {
        T call() throws IOException;
    }

    /** Runs a phase under a JFR recording when this is the phase to record. */
    private <T> T recording(Phase phase, Body<T> body) throws IOException {
        if (options.jfrFile() == null || options.jfrPhase() != phase) {
            return body.call();
        }
        Recording recording;
        try {
            recording = new Recording(Configuration.getConfiguration("profile"));
        } catch (java.text.ParseException e) {
            throw new IOException("cannot read the JFR profile configuration", e);
        }
        recording.setName("vigil-bench-" + phase);
        recording.start();
        try {
            return body.call();
        } finally {
            recording.stop();
            Path file = options.jfrFile().toAbsolutePath();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            recording.dump(file);
            recording.close();
            progress.accept("[" + phase.name().toLowerCase(Locale.ROOT) + "] JFR recording: " + file
                    + " (summarise: java -cp vigil-bench.jar dev.vigil.bench.JfrTop " + file + ")");
        }
    }

    private void describeMachine() {
        report.machine("nproc", Runtime.getRuntime().availableProcessors());
        report.machine("java.version", System.getProperty("java.version"));
        report.machine("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        report.machine("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            report.machine("memory_gib", Math.round(os.getTotalMemorySize() / (1024.0 * 1024 * 1024)));
        }
        report.machine("cpu", cpuModel());
        report.machine("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        report.machine("max_heap_mib", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private void describeSettings() {
        report.setting("events", options.events());
        report.setting("partitions", options.partitions());
        report.setting("phases", options.phases().stream().map(p -> p.name().toLowerCase(Locale.ROOT)).toList());
        report.setting("seed", options.seed());
        report.setting("raw_repeats", options.rawRepeats());
        report.setting("oracle", options.oracle());
        report.setting("random_keys", options.randomKeys());
        report.setting("scrape_seconds", options.scrapeDuration().toSeconds());
        report.setting("scrape_interval_ms", options.scrapeInterval().toMillis());
        report.setting("alert_rate", options.alertRate());
        report.setting("alert_breaches", options.alertBreaches());
        report.setting("alert_warmup_breaches", options.alertWarmupBreaches());
        report.setting("alert_probes", options.alertProbes());
        report.setting("alert_jitter_ms", options.alertJitter().toMillis());
        report.setting("alert_fetch_max_wait_ms", options.alertFetchMaxWait().toMillis());
        report.setting("series_scrape", options.seriesScrape());
        report.setting("memory", options.memory());
        report.setting("vigil_properties", options.vigilProperties());
        report.setting("broker_heap_mb", options.brokerHeapMb());
        report.setting("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }
}
