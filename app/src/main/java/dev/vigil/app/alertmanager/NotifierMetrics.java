package dev.vigil.app.alertmanager;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * The notifier's metrics (docs/metrics.md, Alertmanager notifications), registered only when Alertmanager
 * URLs are configured. A collector over plain counters, as Vigil's other collectors are: the client library's
 * instrument classes need its exemplar support, which Vigil does not ship.
 */
public final class NotifierMetrics implements MultiCollector {
    static final String NOTIFICATIONS = "vigil_alertmanager_notifications";
    static final String DROPPED = "vigil_alertmanager_notifications_dropped";
    static final String LATENCY = "vigil_alertmanager_notification_latency_seconds";
    static final String QUEUE = "vigil_alertmanager_queue_length";
    /** Upper bounds in seconds; the last one, +Inf, catches the rest. */
    private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
            Double.POSITIVE_INFINITY};

    private final IntSupplier queueLength;
    private final LongAdder success = new LongAdder();
    private final LongAdder failure = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length);
    private final DoubleAdder latencySum = new DoubleAdder();

    private NotifierMetrics(IntSupplier queueLength) {
        this.queueLength = queueLength;
    }

    /** Registers the four families; {@code queueLength} is read at each scrape. */
    public static NotifierMetrics register(PrometheusRegistry registry, IntSupplier queueLength) {
        NotifierMetrics metrics = new NotifierMetrics(queueLength);
        registry.register(metrics);
        return metrics;
    }

    /** Unregistered metrics (tests). */
    public static NotifierMetrics unregistered() {
        return new NotifierMetrics(() -> 0);
    }

    void sent(boolean ok, Duration took) {
        (ok ? success : failure).increment();
        double seconds = took.toNanos() / 1e9;
        latencySum.add(seconds);
        for (int i = 0; i < BOUNDS.length; i++) {
            if (seconds <= BOUNDS[i]) {
                buckets.incrementAndGet(i);
                break;
            }
        }
    }

    void dropped() {
        dropped.increment();
    }

    public long count(String result) {
        return "success".equals(result) ? success.sum() : failure.sum();
    }

    public long droppedCount() {
        return dropped.sum();
    }

    @Override
    public MetricSnapshots collect() {
        long[] counts = new long[BOUNDS.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        return MetricSnapshots.of(
                CounterSnapshot.builder().name(NOTIFICATIONS)
                        .help("Notifications sent to Alertmanager, by result (success, failure).")
                        .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("result", "failure"))
                                .value(failure.sum()).build())
                        .dataPoint(CounterDataPointSnapshot.builder().labels(Labels.of("result", "success"))
                                .value(success.sum()).build())
                        .build(),
                CounterSnapshot.builder().name(DROPPED).help("Notifications dropped without being sent.")
                        .dataPoint(CounterDataPointSnapshot.builder().value(dropped.sum()).build())
                        .build(),
                HistogramSnapshot.builder().name(LATENCY).help("Time of a notification to Alertmanager, in seconds.")
                        .dataPoint(HistogramDataPointSnapshot.builder()
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, counts))
                                .sum(latencySum.sum()).build())
                        .build(),
                GaugeSnapshot.builder().name(QUEUE).help("Notifications waiting to be sent.")
                        .dataPoint(GaugeDataPointSnapshot.builder().value(queueLength.getAsInt()).build())
                        .build());
    }
}
