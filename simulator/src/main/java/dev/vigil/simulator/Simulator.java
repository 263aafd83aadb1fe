package dev.vigil.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an {@link EventGenerator}'s records to Kafka and returns the {@link GroundTruth} of exactly the records
 * the broker acknowledged, metric samples included ({@link MetricsOracle}, fed in publish order, for the topic's
 * partition count and {@link SimulatorOptions#truth()}).
 *
 * <p>The producer is idempotent with {@code acks=all}, so no retry adds a copy the truth does not know of. Any
 * failed send fails the run ({@link SimulationException}): the truth would be wrong. {@link #close()} (from any
 * thread) or interrupting the running thread stops the run cleanly: what was sent is flushed, and the truth of it
 * returned (the thread's interrupt flag is kept). Record timestamps are the simulated clock.
 */
public final class Simulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    /** The topic's {@code max.message.bytes} must exceed {@code maxEventBytes} by this much for too-large records. */
    public static final long TOO_LARGE_HEADROOM = 8_192;
    private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);

    /** What the broker says of the topic: its partition count (0 = unknown) and configuration. */
    record TopicInfo(int partitions, Map<String, String> config) {
    }

    /** Reads the topic's partition count and configuration: null when the topic does not exist. */
    @FunctionalInterface
    interface TopicProbe {
        TopicInfo describe(SimulatorOptions opts) throws Exception;
    }

    private final Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory;
    private final TopicProbe probe;
    private volatile boolean stopped;

    /** A simulator publishing with a {@link KafkaProducer}. */
    public Simulator() {
        this(config -> new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                Simulator::describeTopic);
    }

    Simulator(Function<Map<String, Object>, Producer<byte[], byte[]>> producerFactory, TopicProbe probe) {
        this.producerFactory = Objects.requireNonNull(producerFactory);
        this.probe = Objects.requireNonNull(probe);
    }

    /** Runs with the default generator mix. See {@link #run(SimulatorOptions, GeneratorOptions, Consumer)}. */
    public GroundTruth run(SimulatorOptions opts, Consumer<Progress> progress) {
        return run(opts, GeneratorOptions.defaults(), progress);
    }

    /**
     * Publishes {@code opts.events()} records (or until stopped) and waits until all are acknowledged.
     *
     * @param opts      where and what to publish
     * @param generator the generator mix; its start, maxEventBytes and includeTooLarge are taken from {@code opts}
     * @param progress  called about once a second from this thread, and once at the end (may be null)
     * @return the truth of the acknowledged records
     * @throws SimulationException when a record could not be published
     */
    public GroundTruth run(SimulatorOptions opts, GeneratorOptions generator, Consumer<Progress> progress) {
        Objects.requireNonNull(opts, "opts");
        Consumer<Progress> report = progress == null ? p -> { } : progress;
        Probe topic = probeTopic(opts);
        boolean tooLarge = decideTooLarge(opts, topic);
        GeneratorOptions g = generator.withStart(opts.start()).withMaxEventBytes(opts.maxEventBytes())
                .withIncludeTooLarge(tooLarge);
        EventGenerator gen = new EventGenerator(opts.seed(), g);
        TruthAccumulator truth = new TruthAccumulator(opts.seed());
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        LOG.info("Publishing {} records to topic {} at {} (seed {}, {}, simulated start {}, too_large {})",
                opts.events() == 0 ? "unbounded" : opts.events(), opts.topic(), opts.bootstrapServers(), opts.seed(),
                opts.ratePerSecond() > 0 ? opts.ratePerSecond() + " records/s" : "unthrottled", opts.start(),
                tooLarge ? "included" : "skipped");

        long t0 = System.nanoTime();
        long sent = 0;
        boolean interrupted = false;
        Reporter reporter = new Reporter(report, t0, acked, gen);
        Producer<byte[], byte[]> producer = producerFactory.apply(producerConfig(opts, tooLarge));
        MetricsOracle metrics = null;
        try {
            int partitions = partitions(opts, topic.info(), producer);
            if (partitions > 0) {
                metrics = new MetricsOracle(opts.truth().withPartitions(partitions));
                LOG.debug("Computing the metric truth for {} partitions of topic {}", partitions, opts.topic());
            }
            while ((opts.events() == 0 || sent < opts.events()) && !stopped && failure.get() == null) {
                if (Thread.currentThread().isInterrupted()) {
                    interrupted = true;
                    break;
                }
                if (opts.ratePerSecond() > 0) {
                    long due = t0 + (long) (sent * 1e9 / opts.ratePerSecond());
                    if (!pace(due, reporter, sent)) {
                        interrupted = Thread.currentThread().isInterrupted();
                        break;
                    }
                }
                SimRecord r = gen.next();
                ProducerRecord<byte[], byte[]> pr =
                        new ProducerRecord<>(opts.topic(), null, r.timestamp(), r.key(), r.value(), r.headers());
                try {
                    producer.send(pr, (metadata, ex) -> {
                        if (ex != null) {
                            failure.compareAndSet(null, ex);
                        } else {
                            truth.add(r);
                            acked.incrementAndGet();
                        }
                    });
                } catch (InterruptException e) {
                    interrupted = true;
                    break;
                } catch (KafkaException e) {
                    failure.compareAndSet(null, e);
                    break;
                }
                sent++;
                if (metrics != null) {
                    metrics.accept(r);
                }
                reporter.maybeReport(System.nanoTime(), sent, false);
            }
            // Clear the interrupt flag so that flush can wait for the acknowledgements; restored below.
            interrupted |= Thread.interrupted();
            try {
                producer.flush();
            } catch (InterruptException e) {
                Thread.currentThread().interrupt();
                producer.close(Duration.ZERO);
                throw new SimulationException("interrupted while waiting for acknowledgements: "
                        + (sent - acked.get()) + " of " + sent + " records unconfirmed", e);
            }
            producer.close();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Exception ex = failure.get();
        if (ex != null) {
            throw new SimulationException("a record could not be published (" + ex.getMessage() + "); "
                    + acked.get() + " of " + sent + " acknowledged, so the ground truth would be wrong", ex);
        }
        reporter.maybeReport(System.nanoTime(), sent, true);
        GroundTruth result = truth.snapshot();
        if (metrics != null) {
            result = result.withMetrics(metrics.samples());
        }
        LOG.info("Published {} records in {} ms{}", result.records(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                stopped || interrupted ? " (stopped early)" : "");
        return result;
    }

    /** Waits (without spinning) until {@code due}; false when stopped or interrupted meanwhile. */
    private boolean pace(long due, Reporter reporter, long sent) {
        while (true) {
            long now = System.nanoTime();
            if (now - due >= 0) {
                return true;
            }
            if (stopped || Thread.currentThread().isInterrupted()) {
                return false;
            }
            reporter.maybeReport(now, sent, false);
            LockSupport.parkNanos(this, Math.min(due - now, REPORT_NANOS / 4));
        }
    }

    /** Stops a running {@link #run} (from any thread); it returns the truth of what was sent. */
    public void stop() {
        stopped = true;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    // ------------------------------------------------------------------------------------------------- config

    static Map<String, Object> producerConfig(SimulatorOptions opts, boolean tooLarge) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, opts.bootstrapServers());
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "vigil-simulator");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        if (tooLarge) {
            c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    (int) Math.max(1_048_576L, opts.maxEventBytes() + 2 * TOO_LARGE_HEADROOM));
        }
        c.putAll(opts.producerProperties());
        Map<String, Object> fixed = Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        fixed.forEach((k, v) -> {
            Object given = opts.producerProperties().get(k);
            if (given != null && !given.toString().equalsIgnoreCase(v.toString())) {
                LOG.warn("Ignoring producer property {}={}: the simulator needs {} for an exact ground truth", k,
                        given, v);
            }
            c.put(k, v);
        });
        return c;
    }

    /** Whether a topic with this {@code max.message.bytes} takes the simulator's too-large records. */
    static boolean tooLargeFits(long maxMessageBytes, long maxEventBytes) {
        return maxMessageBytes >= maxEventBytes + TOO_LARGE_HEADROOM;
    }

    /** The topic as the broker describes it (null when it does not exist), or why it could not be described. */
    private record Probe(TopicInfo info, String problem) {
    }

    private Probe probeTopic(SimulatorOptions opts) {
        try {
            return new Probe(probe.describe(opts), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(null, "interrupted while asking the broker");
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Probe(null, "cannot describe topic " + opts.topic() + ": " + cause);
        }
    }

    /**
     * The topic's partition count: from the broker's description, else from the producer's metadata (which also
     * covers a topic that the first metadata request auto-creates); 0 with a warning when neither knows.
     */
    private static int partitions(SimulatorOptions opts, TopicInfo topic, Producer<byte[], byte[]> producer) {
        if (topic != null && topic.partitions() > 0) {
            return topic.partitions();
        }
        String problem;
        try {
            int n = producer.partitionsFor(opts.topic()).size();
            if (n > 0) {
                return n;
            }
            problem = "the producer knows no partition of topic " + opts.topic();
        } catch (InterruptException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted while asking for the partitions of topic " + opts.topic();
        } catch (KafkaException e) {
            problem = "cannot read the partitions of topic " + opts.topic() + ": " + e;
        }
        LOG.warn("No metric truth: {} (the truth of the metrics depends on the partition count). The ground truth "
                + "has the self-metrics only.", problem);
        return 0;
    }

    private boolean decideTooLarge(SimulatorOptions opts, Probe topic) {
        Map<String, String> config = topic.info() == null ? null : topic.info().config();
        String problem = topic.problem();
        if (config == null && problem == null) {
            problem = "topic " + opts.topic() + " does not exist (auto-creation would use the broker's default "
                    + "message.max.bytes)";
        }
        if (config != null) {
            warnAboutTimestamps(opts, config);
        }
        if (opts.includeTooLarge() != null) {
            return opts.includeTooLarge();
        }
        if (problem == null) {
            String max = config.get("max.message.bytes");
            try {
                long maxMessage = Long.parseLong(max);
                if (tooLargeFits(maxMessage, opts.maxEventBytes())) {
                    return true;
                }
                problem = "topic " + opts.topic() + " has max.message.bytes=" + maxMessage + ", below "
                        + (opts.maxEventBytes() + TOO_LARGE_HEADROOM) + " (maxEventBytes " + opts.maxEventBytes()
                        + " + " + TOO_LARGE_HEADROOM + ")";
            } catch (NumberFormatException e) {
                problem = "topic " + opts.topic() + " has no readable max.message.bytes (" + max + ")";
            }
        }
        LOG.warn("Skipping too_large records: {}. The ground truth has none.", problem);
        return false;
    }

    private static void warnAboutTimestamps(SimulatorOptions opts, Map<String, String> config) {
        if ("LogAppendTime".equals(config.get("message.timestamp.type"))) {
            LOG.warn("Topic {} has message.timestamp.type=LogAppendTime: the broker replaces the record timestamps, "
                    + "which are the event time of events without a time attribute, so the metric truth may not "
                    + "hold for them. Use CreateTime.", opts.topic());
            return;
        }
        long age = Instant.now().toEpochMilli() - opts.start().toEpochMilli();
        long retention = parse(config.get("retention.ms"));
        if (retention > 0 && age > retention / 2) {
            LOG.warn("Record timestamps start at {}, but topic {} has retention.ms={}: the broker deletes such "
                    + "records at its next retention check (log.retention.check.interval.ms, 5 min by default), "
                    + "possibly before they are consumed. Start the simulation now, or set the topic's "
                    + "retention.ms=-1.", opts.start(), opts.topic(), retention);
        }
        long before = parse(config.get("message.timestamp.before.max.ms"));
        if (before > 0 && age > before) {
            LOG.warn("Record timestamps start at {}, older than topic {}'s message.timestamp.before.max.ms={}: "
                    + "the broker will reject them.", opts.start(), opts.topic(), before);
        }
        long after = parse(config.get("message.timestamp.after.max.ms"));
        if (after > 0 && -age > after) {
            LOG.warn("Record timestamps start at {}, further ahead than topic {}'s message.timestamp.after.max.ms={}:"
                    + " the broker will reject them.", opts.start(), opts.topic(), after);
        }
    }

    private static long parse(String v) {
        try {
            return v == null ? -1 : Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static TopicInfo describeTopic(SimulatorOptions opts)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> c = new HashMap<>();
        opts.producerProperties().forEach((k, v) -> {
            // Config providers too: the security properties may be ${provider:path:key} references.
            if (AdminClientConfig.configNames().contains(k) || k.equals("config.providers")
                    || k.startsWith("config.providers.")) {
                c.put(k, v);
            }
        });
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, opts.bootstrapServers());
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-simulator-admin");
        Admin admin = Admin.create(c);
        try {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, opts.topic());
            Config config = admin.describeConfigs(List.of(topic)).all()
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<String, String> out = new HashMap<>();
            for (ConfigEntry e : config.entries()) {
                if (e.value() != null) {
                    out.put(e.name(), e.value());
                }
            }
            TopicDescription description = admin.describeTopics(List.of(opts.topic())).allTopicNames()
                    .get(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(opts.topic());
            return new TopicInfo(description == null ? 0 : description.partitions().size(), out);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }

    /** Reports progress about once a second. */
    private static final class Reporter {
        private final Consumer<Progress> sink;
        private final long t0;
        private final AtomicLong acked;
        private final EventGenerator gen;
        private long lastNanos;
        private long lastSent;

        Reporter(Consumer<Progress> sink, long t0, AtomicLong acked, EventGenerator gen) {
            this.sink = sink;
            this.t0 = t0;
            this.acked = acked;
            this.gen = gen;
            this.lastNanos = t0;
        }

        void maybeReport(long now, long sent, boolean finished) {
            if (!finished && now - lastNanos < REPORT_NANOS) {
                return;
            }
            double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
            double rate = (sent - lastSent) / seconds;
            lastNanos = now;
            lastSent = sent;
            Progress p = new Progress(sent, acked.get(), rate, Duration.ofNanos(now - t0),
                    Instant.ofEpochMilli(gen.clock()), finished);
            if (finished) {
                LOG.debug("Sent {} records, {} acknowledged, in {} s", sent, p.acknowledged(),
                        p.elapsed().toMillis() / 1000.0);
            } else {
                LOG.debug("Sent {} records ({} acknowledged), {} records/s", sent, p.acknowledged(),
                        Math.round(rate));
            }
            sink.accept(p);
        }
    }
}
