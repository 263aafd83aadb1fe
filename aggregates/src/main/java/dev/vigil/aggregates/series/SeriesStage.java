package dev.vigil.aggregates.series;

import dev.vigil.aggregates.AggregatesSettings;

import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import java.util.ArrayList;
import java.util.function.Predicate;
import java.util.List;

/**
 * The series stage's work for one batch: for each update, in order, apply the cardinality cap
 * (counting newly created series), apply the update with {@link SeriesMath}, advance the metric's
 * clock for a windowed observation and drop the ratio buckets that the clock puts out of reach.
 * Stateless; all state is in the {@link SeriesStore} it is given.
 */
public final class SeriesStage {
    private final AggregatesSettings settings;

    public SeriesStage(AggregatesSettings settings) {
        this.settings = settings;
    }

    /**
     * Applies a batch to the store.
     *
     * @return the series written, in update order, after folding (bookkeeping entries excluded)
     */
    public List<SeriesKey> apply(SeriesBatch batch, SeriesStore store) {
        return applyAll(batch, store).stream().map(SeriesUpdate::key).toList();
    }

    /**
     * Applies a batch to the store.
     *
     * @return the updates as applied, addressed to their series after folding (what the alert
     *         rules judge), in update order
     */
    public List<SeriesUpdate> applyAll(SeriesBatch batch, SeriesStore store) {
        List<SeriesUpdate> written = new ArrayList<>(batch.updates().size());
        for (SeriesUpdate update : batch.updates()) {
            SeriesKey key = admit(update.key(), store);
            SeriesUpdate addressed = key.equals(update.key()) ? update : update.withKey(key);
            SeriesValue next = SeriesMath.apply(store.get(key), addressed, settings);
            if (addressed instanceof SeriesUpdate.WindowObserve w) {
                SeriesKey clockKey = SeriesKey.clock(key.metric());
                SeriesValue.Clock clock = SeriesMath.advanceClock((SeriesValue.Clock) store.get(clockKey),
                        w.eventTimeMs());
                store.put(clockKey, clock);
                next = ((WindowRatio) next).prune(clock.maxEventTimeMs());
            }
            store.put(key, next);
            written.add(addressed);
        }
        return written;
    }

    private SeriesKey admit(SeriesKey key, SeriesStore store) {
        Metric metric = key.metric();
        SeriesKey countKey = SeriesKey.cardinalityCounter(metric);
        SeriesValue.SeriesCount count = (SeriesValue.SeriesCount) store.get(countKey);
        long counted = count == null ? 0 : count.count();
        // A ratio's label set is exposed once per window, so it takes that many places under the cap.
        int weight = metric.type() == MetricType.RATIO ? settings.windowsMs().size() : 1;
        // Configured pools are shown from the start: they hold their places under the cap first, and
        // are never folded (they are not counted as created either).
        boolean poolCapacity = metric == Metric.POOL_CAPACITY;
        long reserved = poolCapacity ? settings.configuredCapacities().size() : 0;
        Predicate<SeriesKey> exists = k -> store.get(k) != null
                || (poolCapacity && settings.configuredCapacities().containsKey(k.labelValue(Label.POOL)));
        CardinalityCap.Admission admission = CardinalityCap.admit(key, exists, counted + reserved + weight - 1,
                settings.maxSeriesPerMetric());
        if (admission.created()) {
            store.put(countKey, new SeriesValue.SeriesCount(counted + weight));
        }
        return admission.key();
    }
}
