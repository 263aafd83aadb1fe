package dev.vigil.topology.series;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.alerting.SeriesView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The alert engine's read access to the series store of this partition: a metric's series are one
 * prefix scan away, because encoded keys start with the metric name.
 */
final class StoreSeriesView implements SeriesView {
    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, SeriesValue> store;

    StoreSeriesView(KeyValueStore<String, SeriesValue> store) {
        this.store = store;
    }

    @Override
    public Iterable<Map.Entry<SeriesKey, SeriesValue>> series(Metric metric) {
        List<Map.Entry<SeriesKey, SeriesValue>> out = new ArrayList<>();
        if (metric.keyLabels().isEmpty()) {
            SeriesKey key = SeriesKey.of(metric);
            SeriesValue value = get(key);
            if (value != null) {
                out.add(Map.entry(key, value));
            }
            return out;
        }
        try (KeyValueIterator<String, SeriesValue> it = store.prefixScan(SeriesKey.seriesPrefix(metric), KEYS)) {
            while (it.hasNext()) {
                var kv = it.next();
                SeriesKey key = SeriesKey.decode(kv.key);
                if (key.kind() == SeriesKey.Kind.SERIES) {
                    out.add(Map.entry(key, kv.value));
                }
            }
        }
        return out;
    }

    @Override
    public SeriesValue get(SeriesKey key) {
        return store.get(key.encode());
    }
}
