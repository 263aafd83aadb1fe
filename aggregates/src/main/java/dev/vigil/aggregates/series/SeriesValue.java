package dev.vigil.aggregates.series;

/**
 * What the series store holds under a {@link SeriesKey}: a series' value, or a metric's bookkeeping
 * entry ({@link Clock}, {@link SeriesCount}). Immutable: {@link SeriesMath} returns a new value for
 * each update, which the series stage puts back into its changelogged store.
 */
public sealed interface SeriesValue
        permits SeriesValue.Counter, SeriesValue.Gauge, Histogram, WindowRatio, SeriesValue.Clock,
        SeriesValue.SeriesCount {

    /** A counter's total. */
    record Counter(double value) implements SeriesValue {
    }

    /** A gauge's current value. */
    record Gauge(double value) implements SeriesValue {
    }

    /**
     * A windowed metric's clock: the largest event time of every observation ever fed to the metric
     * (all label sets together). Kept once per metric rather than per series because a ratio's
     * window ends at the metric's clock, so that every series of the metric is judged on the same
     * window. It only moves forward.
     */
    record Clock(long maxEventTimeMs) implements SeriesValue {
        /** The clock after an observation at {@code eventTimeMs}. */
        public Clock advance(long eventTimeMs) {
            return eventTimeMs > maxEventTimeMs ? new Clock(eventTimeMs) : this;
        }
    }

    /** How many distinct series a metric has (cardinality cap bookkeeping). */
    record SeriesCount(long count) implements SeriesValue {
        public SeriesCount {
            if (count < 0) {
                throw new IllegalArgumentException("negative series count " + count);
            }
        }
    }
}
