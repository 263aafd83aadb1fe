package dev.vigil.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Publishes distinct live entities, unthrottled: half tasks ({@code agent.task.status_changed}
 * {@code submitted}, never ended) and half leases ({@code agent.lease.acquired} without {@code
 * ttl_ms}, never released) over {@link #POOLS} pools, alternating. Nothing ends them, so Vigil must
 * hold every one in its state: {@code active_tasks} and the sum of {@code active_leases} end at
 * the numbers published.
 */
public final class EntityPreload {
    public static final int POOLS = 4;
    static final String POOL_PREFIX = "bench-memory-pool-";

    /** What was published. */
    public record Result(long tasks, long leases, double seconds) {
        public long entities() {
            return tasks + leases;
        }
    }

    private EntityPreload() {
    }

    /** @param startMs the first event's time; each next one is 1 ms later every 10 events */
    public static Result run(String bootstrap, String topic, long entities, long startMs, Duration progressEvery,
                      Consumer<String> progress) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long tasks = 0;
        long leases = 0;
        long t0 = System.nanoTime();
        long nextReport = t0 + progressEvery.toNanos();
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(bootstrap, "bench-memory-preload")) {
            for (long i = 0; i < entities && failure.get() == null; i++) {
                long time = startMs + i / 10;
                Map<String, Object> data = new LinkedHashMap<>();
                if (i % 2 == 0) {
                    String taskId = "bench-task-" + tasks++;
                    data.put("task_id", taskId);
                    data.put("status", "submitted");
                    producer.send(CloudEventRecords.binary(topic, taskId, "submit-" + taskId,
                            "agent.task.status_changed", time, data), (m, e) -> fail(failure, e));
                } else {
                    String leaseId = "bench-lease-" + leases;
                    data.put("lease_id", leaseId);
                    data.put("resource_id", "bench-resource-" + leases);
                    data.put("pool", POOL_PREFIX + (leases % POOLS));
                    leases++;
                    producer.send(CloudEventRecords.binary(topic, leaseId, "acquire-" + leaseId,
                            "agent.lease.acquired", time, data), (m, e) -> fail(failure, e));
                }
                long now = System.nanoTime();
                if (now >= nextReport) {
                    nextReport = now + progressEvery.toNanos();
                    progress.accept(String.format(Locale.ROOT, "[memory] %,d / %,d entities sent (%.0f%%), %,.0f "
                            + "records/s", i + 1, entities, 100.0 * (i + 1) / entities, (i + 1) / ((now - t0) / 1e9)));
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("[memory] preload failed: " + failure.get(), failure.get());
        }
        return new Result(tasks, leases, (System.nanoTime() - t0) / 1e9);
    }

    private static void fail(AtomicReference<Exception> failure, Exception e) {
        if (e != null) {
            failure.compareAndSet(null, e);
        }
    }
}
