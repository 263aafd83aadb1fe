package dev.vigil.aggregates.series;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.HistogramBounds;
import dev.vigil.aggregates.metric.MetricType;

/**
 * How one update changes one series: the only place where counters add, gauges set, histograms bin
 * and ratios bucket. Pure: the previous value in, the next value out.
 */
final class SeriesMath {
    private SeriesMath() {
    }

    /**
     * The series' value after {@code update}.
     *
     * @param prev     the stored value, or null when the series does not exist yet
     * @param update   the update, addressed to this series
     * @param settings bucket bounds and window lengths
     * @throws IllegalStateException when the stored value is of another kind than the update's metric
     *                               holds, or a histogram's bucket count differs from the bounds
     */
    public static SeriesValue apply(SeriesValue prev, SeriesUpdate update, AggregatesSettings settings) {
        if (update instanceof SeriesUpdate.Add add) {
            return add(prev, add);
        }
        if (update instanceof SeriesUpdate.Set set) {
            if (prev != null) {
                as(SeriesValue.Gauge.class, prev, update);
            }
            return new SeriesValue.Gauge(set.value());
        }
        if (update instanceof SeriesUpdate.Observe observe) {
            HistogramBounds bounds = settings.bounds(observe.key().metric().bucketKind().orElseThrow());
            Histogram h = prev == null ? Histogram.empty(bounds.size()) : as(Histogram.class, prev, update);
            return h.observe(bounds, observe.value());
        }
        SeriesUpdate.WindowObserve w = (SeriesUpdate.WindowObserve) update;
        WindowRatio r = prev == null ? WindowRatio.empty() : as(WindowRatio.class, prev, update);
        return r.observe(settings.windowsMs(), w.eventTimeMs(), w.success());
    }

    /** A windowed metric's clock after an observation at {@code eventTimeMs}. */
    public static SeriesValue.Clock advanceClock(SeriesValue.Clock prevOrNull, long eventTimeMs) {
        return prevOrNull == null ? new SeriesValue.Clock(eventTimeMs) : prevOrNull.advance(eventTimeMs);
    }

    private static SeriesValue add(SeriesValue prev, SeriesUpdate.Add add) {
        if (add.key().metric().type() == MetricType.COUNTER) {
            double base = prev == null ? 0 : as(SeriesValue.Counter.class, prev, add).value();
            return new SeriesValue.Counter(base + add.delta());
        }
        double base = prev == null ? 0 : as(SeriesValue.Gauge.class, prev, add).value();
        return new SeriesValue.Gauge(base + add.delta());
    }

    private static <T extends SeriesValue> T as(Class<T> type, SeriesValue prev, SeriesUpdate update) {
        if (!type.isInstance(prev)) {
            throw new IllegalStateException(update.key().encode() + " holds a " + prev.getClass().getSimpleName()
                    + ", expected a " + type.getSimpleName());
        }
        return type.cast(prev);
    }
}
