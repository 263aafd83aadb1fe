package dev.vigil.aggregates.series;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;

import java.util.Objects;

/**
 * One change to one series, as an entity-stage transition emits it. Updates travel through the
 * series-updates topic in {@link SeriesBatch}es and are applied by {@link SeriesMath} in the series
 * stage. Each kind checks on construction that its metric accepts it, so a wrong pairing fails where
 * it is made, not in another partition later.
 */
public sealed interface SeriesUpdate {

    SeriesKey key();

    /** The same update aimed at another series of the same metric (after cardinality folding). */
    SeriesUpdate withKey(SeriesKey key);

    /** Adds {@code delta} to a counter (≥ 0) or a gauge (either sign). */
    record Add(SeriesKey key, double delta) implements SeriesUpdate {
        public Add {
            requireSeries(key);
            MetricType t = key.metric().type();
            if (t != MetricType.COUNTER && t != MetricType.GAUGE) {
                throw wrongType("Add", key);
            }
            if (!Double.isFinite(delta) || (t == MetricType.COUNTER && delta < 0)) {
                throw new IllegalArgumentException("bad delta " + delta + " for " + key.metric().metricName());
            }
        }

        @Override
        public Add withKey(SeriesKey other) {
            return new Add(other, delta);
        }
    }

    /** Sets a gauge (or the stored reported {@code pool_capacity}) to {@code value}. */
    record Set(SeriesKey key, double value) implements SeriesUpdate {
        public Set {
            requireSeries(key);
            MetricType t = key.metric().type();
            if (t != MetricType.GAUGE && !(t == MetricType.DERIVED && key.metric().stored())) {
                throw wrongType("Set", key);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("bad value " + value + " for " + key.metric().metricName());
            }
        }

        @Override
        public Set withKey(SeriesKey other) {
            return new Set(other, value);
        }
    }

    /** Observes {@code value} in a histogram. */
    record Observe(SeriesKey key, double value) implements SeriesUpdate {
        public Observe {
            requireSeries(key);
            if (key.metric().type() != MetricType.HISTOGRAM) {
                throw wrongType("Observe", key);
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("bad value " + value + " for " + key.metric().metricName());
            }
        }

        @Override
        public Observe withKey(SeriesKey other) {
            return new Observe(other, value);
        }
    }

    /**
     * One observation of a windowed ratio at event time {@code eventTimeMs}. The key has no
     * {@code window} label: the series keeps every configured window, and the observation also
     * advances the metric's clock.
     */
    record WindowObserve(SeriesKey key, long eventTimeMs, boolean success) implements SeriesUpdate {
        public WindowObserve {
            requireSeries(key);
            if (key.metric().type() != MetricType.RATIO) {
                throw wrongType("WindowObserve", key);
            }
        }

        @Override
        public WindowObserve withKey(SeriesKey other) {
            return new WindowObserve(other, eventTimeMs, success);
        }
    }

    private static void requireSeries(SeriesKey key) {
        Objects.requireNonNull(key, "key");
        if (key.kind() != SeriesKey.Kind.SERIES) {
            throw new IllegalArgumentException("updates address series, not " + key.encode());
        }
    }

    private static IllegalArgumentException wrongType(String update, SeriesKey key) {
        Metric m = key.metric();
        return new IllegalArgumentException(update + " does not apply to " + m.metricName() + " (" + m.type() + ")");
    }
}
