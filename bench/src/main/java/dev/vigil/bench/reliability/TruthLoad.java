package dev.vigil.bench.reliability;

import dev.vigil.bench.Producers;
import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.SimRecord;
import dev.vigil.simulator.TruthAccumulator;
import dev.vigil.simulator.TruthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The simulator's realistic mix (every event type, both content modes, duplicates, bad records)
 * published at a steady rate on its own thread, with the truth kept on the way: the exact metrics
 * ({@link MetricsOracle}, fed in send order, which is each partition's order since the producer is
 * idempotent), the event and dead-letter counts, and the bad records themselves, so that the DLQ
 * can be compared with them.
 *
 * <p>The producer waits out broker outages (a long delivery timeout, blocking sends) rather than
 * dropping records: a record it could not deliver would make the truth wrong, and {@link #failure()}
 * reports it.
 */
final class TruthLoad implements AutoCloseable {
    /** How long the producer keeps a record through broker outages before giving up on it. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(10);

    private final String bootstrap;
    private final String topic;
    private volatile double rate;
    private volatile long rateChanges;
    private final EventGenerator generator;
    private final MetricsOracle oracle;
    private final TruthAccumulator counts;
    private final List<SimRecord> invalid = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param rate       records per second; 0 to hold until {@link #setRate}
     * @param partitions partitions of the topic (the oracle's stream time is per partition)
     */
    TruthLoad(String bootstrap, String topic, int partitions, double rate, long seed) {
        this(bootstrap, topic, TruthSettings.defaults(partitions), rate, seed);
    }

    /**
     * With Vigil settings other than the defaults (a short {@code aggregates.dedup_horizon}, say).
     *
     * @param settings the settings of the Vigil that drains the topic, with the topic's partitions
     */
    TruthLoad(String bootstrap, String topic, TruthSettings settings, double rate, long seed) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.rate = rate;
        // The simulated clock runs faster than real time; starting a day back keeps it in the past.
        this.generator = new EventGenerator(seed, GeneratorOptions.defaults()
                .withStart(Instant.now().minus(Duration.ofDays(1))));
        this.oracle = new MetricsOracle(settings);
        this.counts = new TruthAccumulator(seed);
    }

    /** Starts publishing. */
    TruthLoad start() {
        thread = new Thread(this::publish, "truth-load-" + topic);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void publish() {
        try (KafkaProducer<byte[], byte[]> producer = Producers.paced(bootstrap, "truth-load-" + topic, 5,
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis(),
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT.toMillis()))) {
            long t0 = System.nanoTime();
            long n = 0;
            long changes = rateChanges;
            while (!stopped && failure.get() == null) {
                if (changes != rateChanges) {
                    changes = rateChanges;
                    t0 = System.nanoTime();
                    n = 0;
                }
                double perSecond = rate;
                if (perSecond <= 0) {
                    LockSupport.parkNanos(10_000_000);
                    continue;
                }
                long wait = t0 + (long) (n * 1e9 / perSecond) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(Math.min(wait, 50_000_000));
                    continue;
                }
                SimRecord r = generator.next();
                synchronized (this) {
                    oracle.accept(r);
                    counts.add(r);
                    if (!r.expected().valid()) {
                        invalid.add(r);
                    }
                }
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acked.incrementAndGet();
                            }
                        });
                n++;
                sent.incrementAndGet();
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Publishes at this rate from now on (records per second; 0 holds). */
    void setRate(double recordsPerSecond) {
        rate = recordsPerSecond;
        rateChanges++;
    }

    /** Records handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** Records the broker acknowledged so far. */
    long acked() {
        return acked.get();
    }

    /** The first failure to publish, or null. */
    Exception failure() {
        return failure.get();
    }

    /** Stops publishing and waits until every record sent is acknowledged (or failed). */
    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            try {
                thread.join(DELIVERY_TIMEOUT.plusMinutes(1).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The exact metrics of everything sent (call after {@link #close()}). */
    synchronized Map<String, Double> expectedMetrics() {
        return oracle.samples();
    }

    /** The event and dead-letter counts of everything sent. */
    synchronized GroundTruth expectedCounts() {
        return counts.snapshot();
    }

    /** The records sent that Vigil must dead-letter, in send order. */
    synchronized List<SimRecord> invalidRecords() {
        return List.copyOf(invalid);
    }
}
