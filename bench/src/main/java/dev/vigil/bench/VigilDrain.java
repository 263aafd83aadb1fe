package dev.vigil.bench;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.topology.SelfMetricKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Vigil instance (in this JVM, fresh application id and state directory) draining the
 * preloaded topic from its beginning, timed from {@link VigilApp#start} to:
 * <ul>
 *   <li><b>ingested</b>: every input record counted by the ingest and dedup stages (the sum of
 *       {@code vigil_events_total}, read from {@link VigilApp#selfMetricCounts()}, equals N);</li>
 *   <li><b>drained</b>: the series stage has applied everything too: {@code /metrics} equals the
 *       simulator's exact metrics for these records (with the oracle), or, without it, no longer
 *       changes for {@value #STABLE_MILLIS} ms once ingested (then the time of the first of those
 *       equal scrapes counts).</li>
 * </ul>
 * The rate is N / (drained − first record counted), with the start-up (topics, rebalance, state
 * stores) reported apart; N / (drained − start) is reported too.
 */
final class VigilDrain {
    private static final Logger LOG = LoggerFactory.getLogger(VigilDrain.class);
    private static final long SAMPLE_MILLIS = 100;
    private static final long CHECK_MILLIS = 250;
    private static final long STABLE_MILLIS = 5_000;

    /** What one drain measured; times are seconds from start. */
    record Result(String label, long records, double firstSeconds, double ingestedSeconds, double drainedSeconds,
                  boolean drained, boolean matchesOracle, List<String> differences, CpuMeter.Usage cpu,
                  Map<String, Long> internalRecords) {
        double rate() {
            return records / (drainedSeconds - firstSeconds);
        }

        double rateFromStart() {
            return records / drainedSeconds;
        }
    }

    /** Load run alongside a drain; closing it stops it. */
    interface Load extends AutoCloseable {
        @Override
        void close();
    }

    private final String bootstrap;
    private final long brokerPid;
    private final Consumer<String> progress;
    private final Duration progressEvery;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    VigilDrain(String bootstrap, long brokerPid, Duration progressEvery, Consumer<String> progress) {
        this.bootstrap = bootstrap;
        this.brokerPid = brokerPid;
        this.progressEvery = progressEvery;
        this.progress = progress;
    }

    /** @param expected the oracle's samples, or null */
    Result run(String label, VigilConfig config, long records, Map<String, Double> expected, Duration timeout) {
        return run(label, config, records, expected, timeout, port -> () -> { });
    }

    /**
     * @param alongside started with Vigil's HTTP port once Vigil has started, closed when the drain
     *                  ends, before Vigil closes: load that runs during the drain (e.g. a status-page poller)
     */
    Result run(String label, VigilConfig config, long records, Map<String, Double> expected, Duration timeout,
               IntFunction<Load> alongside) {
        CpuMeter cpu = CpuMeter.start(brokerPid);
        long t0 = System.nanoTime();
        long first = -1;
        long ingested = -1;
        long drained = -1;
        boolean matches = false;
        List<String> differences = List.of();
        Map<String, Long> internal;
        try (VigilApp app = VigilApp.start(config); Load load = alongside.apply(app.httpPort())) {
            long deadline = t0 + timeout.toNanos();
            long nextProgress = t0 + progressEvery.toNanos();
            long nextCheck = 0;
            Map<String, Double> previous = null;
            long previousAt = -1;
            long counted = 0;
            while (true) {
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException("[" + label + "] not drained within " + timeout + ": "
                            + counted + " of " + records + " records counted");
                }
                KafkaStreams.State state = app.state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("[" + label + "] Kafka Streams stopped: " + state);
                }
                counted = Math.max(counted, counted(app.selfMetricCounts()));
                if (first < 0 && counted > 0) {
                    first = now;
                }
                if (ingested < 0 && counted >= records) {
                    ingested = now;
                }
                if (ingested >= 0 && now >= nextCheck) {
                    nextCheck = now + CHECK_MILLIS * 1_000_000;
                    Map<String, Double> actual = aggregateSamples(app.httpPort());
                    if (actual != null) {
                        if (expected != null) {
                            differences = PrometheusSamples.differences(expected, actual);
                            if (differences.isEmpty()) {
                                drained = now;
                                matches = true;
                                break;
                            }
                        }
                        if (!actual.equals(previous)) {
                            previous = actual;
                            previousAt = now;
                        } else if (now - previousAt >= STABLE_MILLIS * 1_000_000) {
                            drained = previousAt;
                            if (expected != null) {
                                LOG.warn("[{}] /metrics stopped changing but differs from the simulator's truth in "
                                        + "{} samples, e.g. {}", label, differences.size(),
                                        differences.subList(0, Math.min(5, differences.size())));
                            }
                            break;
                        }
                    }
                }
                if (now >= nextProgress) {
                    nextProgress = now + progressEvery.toNanos();
                    double elapsed = (now - t0) / 1e9;
                    double since = first < 0 ? 0 : (now - first) / 1e9;
                    progress.accept(String.format(Locale.ROOT,
                            "[%s] %,d / %,d records counted (%.0f%%), %,.0f records/s since the first, %.0f s elapsed%s",
                            label, counted, records, 100.0 * counted / records, since > 0 ? counted / since : 0.0,
                            elapsed, ingested >= 0 ? ", waiting for the series stage" : ""));
                }
                LockSupport.parkNanos(SAMPLE_MILLIS * 1_000_000);
            }
            internal = internalRecords(config.kafka().applicationId());
        }
        CpuMeter.Usage usage = cpu.stop();
        double firstSeconds = first < 0 ? Double.NaN : (first - t0) / 1e9;
        double ingestedSeconds = ingested < 0 ? Double.NaN : (ingested - t0) / 1e9;
        double drainedSeconds = drained < 0 ? Double.NaN : (drained - t0) / 1e9;
        return new Result(label, records, firstSeconds, ingestedSeconds, drainedSeconds, drained >= 0, matches,
                differences, usage, internal);
    }

    /** Records counted by the ingest and dedup stages: the sum of vigil_events_total. */
    static long counted(Map<SelfMetricKey, Long> selfMetrics) {
        long sum = 0;
        for (Map.Entry<SelfMetricKey, Long> e : selfMetrics.entrySet()) {
            if (e.getKey() instanceof SelfMetricKey.Events) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The aggregate metric samples of one scrape (the oracle's families), or null if it failed. */
    private Map<String, Double> aggregateSamples(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            return PrometheusSamples.select(PrometheusSamples.parse(response.body()), MetricsOracle.FAMILIES);
        } catch (IOException e) {
            LOG.debug("scrape failed", e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Records (end offsets, so transaction markers included under exactly-once) in each internal
     * topic of the application: the repartition and changelog topics it wrote while draining.
     */
    private Map<String, Long> internalRecords(String applicationId) {
        Map<String, Long> out = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            List<String> names = admin.listTopics().names().get().stream()
                    .filter(n -> n.startsWith(applicationId + "-")).sorted().toList();
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            descriptions.forEach((name, d) -> d.partitions().forEach(p ->
                    request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
            ends.forEach((tp, info) -> out.merge(tp.topic().substring(applicationId.length() + 1), info.offset(),
                    Long::sum));
        } catch (Exception e) {
            LOG.warn("cannot read the internal topics of {}: {}", applicationId, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        return out;
    }
}
