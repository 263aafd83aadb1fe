package dev.vigil.app.metrics;

import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.StoreNames;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the processor self-metrics {@code vigil_events_total{type,outcome}} and
 * {@code vigil_dlq_total{reason}} at scrape time from the changelogged outcome-count stores, so
 * they never go backwards across restarts and count every record exactly once. The cost of a
 * scrape is the number of series, not the number of events.
 */
public final class SelfMetricsCollector implements MultiCollector {
    static final String EVENTS_HELP = "Input records by CloudEvent type and outcome (accepted, duplicate, invalid).";
    static final String DLQ_HELP = "Records written to the dead-letter topic, by reason.";

    private final StoreReader stores;

    public SelfMetricsCollector(StoreReader stores) {
        this.stores = stores;
    }

    /** Both outcome stores merged, by series: their key spaces are disjoint by outcome. */
    public Map<SelfMetricKey, Long> counts() {
        Map<SelfMetricKey, Long> all = new HashMap<>();
        for (String store : new String[] {StoreNames.INGEST_OUTCOMES, StoreNames.DEDUP_OUTCOMES}) {
            stores.sumLongs(store).forEach((k, v) -> all.merge(SelfMetricKey.decode(k), v, Long::sum));
        }
        return all;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder events = CounterSnapshot.builder()
                .name("vigil_events")
                .help(EVENTS_HELP);
        CounterSnapshot.Builder dlq = CounterSnapshot.builder()
                .name("vigil_dlq")
                .help(DLQ_HELP);
        for (Map.Entry<SelfMetricKey, Long> e : counts().entrySet()) {
            if (e.getKey() instanceof SelfMetricKey.Events key) {
                events.dataPoint(point(e.getValue(),
                        Labels.of("type", key.type(), "outcome", key.outcome().wireName())));
            } else if (e.getKey() instanceof SelfMetricKey.DeadLetters key) {
                dlq.dataPoint(point(e.getValue(), Labels.of("reason", key.reason())));
            }
        }
        return MetricSnapshots.of(events.build(), dlq.build());
    }

    private static CounterDataPointSnapshot point(long value, Labels labels) {
        return CounterDataPointSnapshot.builder().value(value).labels(labels).build();
    }
}
