package dev.vigil.bench;

import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.SimRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A background load: the simulator's realistic mix (every event type, both content modes,
 * duplicates, bad records) published at a fixed rate on its own thread, so that a phase measures
 * Vigil while it is busy. The record timestamps follow the simulator's clock.
 */
final class SimulatorLoad implements AutoCloseable {
    private final String bootstrap;
    private final String topic;
    private final double rate;
    private final String clientId;
    private final EventGenerator generator;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile long clock;
    private volatile boolean stopped;
    private Thread thread;

    /**
     * @param rate  records per second
     * @param start the simulated clock's start; it runs faster than real time at high rates, so start it
     *              far enough back that it stays in the past
     */
    SimulatorLoad(String bootstrap, String topic, double rate, long seed, Instant start, String clientId) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.rate = rate;
        this.clientId = clientId;
        this.generator = new EventGenerator(seed, GeneratorOptions.defaults().withStart(start));
        this.clock = generator.clock();
    }

    void start() {
        thread = new Thread(this::publish, clientId);
        thread.setDaemon(true);
        thread.start();
    }

    private void publish() {
        try (KafkaProducer<byte[], byte[]> producer = Producers.paced(bootstrap, clientId, 5)) {
            long t0 = System.nanoTime();
            long n = 0;
            while (!stopped && failure.get() == null) {
                long due = t0 + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                SimRecord r = generator.next();
                producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                clock = generator.clock();
                n++;
                sent.set(n);
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Records handed to the producer so far. */
    long sent() {
        return sent.get();
    }

    /** The simulated clock (epoch ms) after the last record sent. */
    long clock() {
        return clock;
    }

    /** The first send failure, or null. */
    Exception failure() {
        return failure.get();
    }

    @Override
    public void close() {
        stopped = true;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
