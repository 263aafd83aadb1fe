package dev.vigil.app.metrics;

import dev.vigil.app.telemetry.LogDrops;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code vigil_log_dropped_total}: log lines the Loki appender dropped rather than make processing
 * wait (queue full, Loki slow or down), and {@code vigil_log_push_failures_total}: failed pushes, which show
 * a Loki outage at once, while its lines still wait to be retried. Per process, like the logging itself; 0
 * without Loki.
 */
public final class LogDropsCollector implements MultiCollector {
    static final String HELP = "Log lines dropped instead of sent to Loki (queue full, push rejected with a 4xx, retries spent).";
    static final String FAILURES_HELP = "Pushes to Loki that failed (refused, timed out, an error status), each try; "
            + "their lines wait in the queue while retried.";

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(CounterSnapshot.builder()
                .name("vigil_log_dropped")
                .help(HELP)
                .dataPoint(CounterDataPointSnapshot.builder().value(LogDrops.total()).build())
                .build(), CounterSnapshot.builder()
                .name("vigil_log_push_failures")
                .help(FAILURES_HELP)
                .dataPoint(CounterDataPointSnapshot.builder().value(LogDrops.failedPushes()).build())
                .build());
    }
}
