package dev.vigil.bench;

import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.SimRecord;
import dev.vigil.simulator.TruthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Publishes the simulator's realistic mix (valid events of every type in both content modes,
 * duplicates, bad records), unthrottled, keyed by entity as the simulator keys them, and computes
 * the exact metrics Vigil must end with ({@link MetricsOracle}) on the way.
 */
public final class Preload {
    /** What was published. {@code expectedMetrics} is null without the oracle. */
    public record Result(long records, long wireBytes, long valueBytes, double seconds, Map<String, Double> expectedMetrics) {
    }

    private Preload() {
    }

    /**
     * @param start the simulated clock's start; record timestamps follow it
     */
    public static Result run(String bootstrap, String topic, int partitions, long events, long seed, Instant start,
                      boolean oracle, Duration progressEvery, Consumer<String> progress) {
        return run(bootstrap, topic, partitions, events, seed, start, oracle, false, progressEvery, progress);
    }

    /**
     * As {@link #run(String, String, int, long, long, Instant, boolean, Duration, Consumer)}; with
     * {@code randomKeys} each record gets a seeded random 16-byte key instead of its entity's, as a
     * producer that does not key by entity would send it.
     */
    public static Result run(String bootstrap, String topic, int partitions, long events, long seed, Instant start,
                      boolean oracle, boolean randomKeys, Duration progressEvery, Consumer<String> progress) {
        java.util.SplittableRandom keys = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
        EventGenerator generator = new EventGenerator(seed, GeneratorOptions.defaults().withStart(start));
        MetricsOracle metrics = oracle ? new MetricsOracle(TruthSettings.defaults(partitions)) : null;
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        long wireBytes = 0;
        long valueBytes = 0;
        long t0 = System.nanoTime();
        long nextReport = t0 + progressEvery.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(bootstrap, "bench-preload")) {
            for (long i = 0; i < events; i++) {
                if (failure.get() != null) {
                    break;
                }
                SimRecord r = generator.next();
                byte[] key = r.key();
                if (randomKeys) {
                    key = new byte[16];
                    for (int b = 0; b < key.length; b += 8) {
                        java.nio.ByteBuffer.wrap(key, b, 8).putLong(keys.nextLong());
                    }
                }
                valueBytes += r.valueSize();
                wireBytes += r.valueSize() + (key == null ? 0 : key.length);
                for (Header h : r.headers()) {
                    wireBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
                }
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), key, r.value(), r.headers()),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            } else {
                                acked.incrementAndGet();
                            }
                        });
                if (metrics != null) {
                    metrics.accept(r);
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    nextReport = now + progressEvery.toNanos();
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "[preload] %,d / %,d records sent (%.0f%%), %,.0f records/s",
                            i + 1, events, 100.0 * (i + 1) / events, (i + 1) / ((now - t0) / 1e9)));
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("preload failed: " + failure.get(), failure.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(acked.get(), wireBytes, valueBytes, seconds, metrics == null ? null : metrics.samples());
    }
}
