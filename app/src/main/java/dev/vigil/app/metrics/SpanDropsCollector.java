package dev.vigil.app.metrics;

import dev.vigil.app.telemetry.SpanDrops;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * {@code vigil_trace_spans_dropped_total}: spans of Vigil's own tracing that never reached the
 * collector (the export queue full, an export refused or timed out). Per process; 0 without tracing.
 */
public final class SpanDropsCollector implements MultiCollector {
    static final String HELP = "Spans of Vigil's tracing dropped instead of exported (export queue full, export "
            + "failed or timed out).";

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(CounterSnapshot.builder()
                .name("vigil_trace_spans_dropped")
                .help(HELP)
                .dataPoint(CounterDataPointSnapshot.builder().value(SpanDrops.total()).build())
                .build());
    }
}
