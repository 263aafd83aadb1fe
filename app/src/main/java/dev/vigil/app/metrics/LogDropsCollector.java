package dev.vigil.app.metrics;

import dev.vigil.app.telemetry.LogDrops;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code vigil_log_dropped_total}: log lines the Loki appender dropped rather than make processing
 * wait (queue full, Loki slow or down). Per process, like the logging itself; 0 without Loki.
 */
public final class LogDropsCollector implements MultiCollector {
    static final String HELP = "Log lines dropped instead of sent to Loki (queue full, push rejected with a 4xx, retries spent).";

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(CounterSnapshot.builder()
                .name("vigil_log_dropped")
                .help(HELP)
                .dataPoint(CounterDataPointSnapshot.builder().value(LogDrops.total()).build())
                .build());
    }
}
