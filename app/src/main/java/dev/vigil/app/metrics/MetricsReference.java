package dev.vigil.app.metrics;

import dev.vigil.aggregates.metric.Metric;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The metrics reference of docs/metrics.md, rendered from the metric catalogue itself, so the
 * document cannot drift from the code: a test compares docs/metrics.md with {@link #markdown()}.
 */
public final class MetricsReference {
    private MetricsReference() {
    }

    /** One row per exposed metric: name (as scraped), type, labels, meaning. */
    public static String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("| metric | type | labels | meaning |\n|---|---|---|---|\n");
        for (Metric m : Metric.values()) {
            row(out, m.metricName(), m.type().exposition().text(),
                    m.labelNames(), m.help());
        }
        row(out, "alerts_firing", "gauge", List.of("rule", "severity"), AlertsCollector.FIRING_HELP);
        row(out, "vigil_events_total", "counter", List.of("type", "outcome"), SelfMetricsCollector.EVENTS_HELP);
        row(out, "vigil_dlq_total", "counter", List.of("reason"), SelfMetricsCollector.DLQ_HELP);
        row(out, "vigil_alert_events_total", "counter", List.of("state"), AlertsCollector.EVENTS_HELP);
        row(out, "vigil_log_dropped_total", "counter", List.of(), LogDropsCollector.HELP);
        row(out, "vigil_log_push_failures_total", "counter", List.of(), LogDropsCollector.FAILURES_HELP);
        row(out, "vigil_trace_spans_dropped_total", "counter", List.of(), SpanDropsCollector.HELP);
        row(out, "vigil_rocksdb_block_cache_usage_bytes", "gauge", List.of(), RocksDbMemoryCollector.USAGE_HELP);
        row(out, "vigil_rocksdb_block_cache_capacity_bytes", "gauge", List.of(), RocksDbMemoryCollector.CAPACITY_HELP);
        row(out, "vigil_build_info", "gauge", List.of("version", "revision"), BuildInfo.HELP);
        return out.toString();
    }

    private static void row(StringBuilder out, String name, String type, List<String> labels, String help) {
        out.append("| `").append(name).append("` | ").append(type).append(" | ")
                .append(labels.stream().map(l -> "`" + l + "`").collect(Collectors.joining(", ")))
                .append(" | ").append(help.replace("|", "\\|")).append(" |\n");
    }
}
