package dev.vigil.alerting;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Read access to the series of the series-stage partition the engine judges (the topology adapts its
 * series store; tests use a map). The engine only reads through it, after the batch was applied.
 */
public interface SeriesView {

    /** Every series ({@link SeriesKey.Kind#SERIES}) of the metric held here, with its value, in any order. */
    Iterable<Map.Entry<SeriesKey, SeriesValue>> series(Metric metric);

    /**
     * The series of the metric whose first label values are {@code leadingLabelValues} (in
     * {@link Metric#keyLabels()} order). The default filters {@link #series(Metric)}; a store whose keys
     * sort by {@link SeriesKey#encode()} can answer with a range scan instead.
     */
    default Iterable<Map.Entry<SeriesKey, SeriesValue>> series(Metric metric, List<String> leadingLabelValues) {
        if (leadingLabelValues.isEmpty()) {
            return series(metric);
        }
        List<Map.Entry<SeriesKey, SeriesValue>> out = new ArrayList<>();
        for (Map.Entry<SeriesKey, SeriesValue> e : series(metric)) {
            if (e.getKey().labelValues().subList(0, leadingLabelValues.size()).equals(leadingLabelValues)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The value stored under the key (a series or a bookkeeping entry), or null. */
    SeriesValue get(SeriesKey key);

    /** The clock of a windowed metric (its largest observation time), empty before any observation. */
    default OptionalLong clockMs(Metric metric) {
        SeriesValue v = get(SeriesKey.clock(metric));
        return v instanceof SeriesValue.Clock c ? OptionalLong.of(c.maxEventTimeMs()) : OptionalLong.empty();
    }
}
