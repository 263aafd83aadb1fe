package dev.vigil.aggregates.metric;

/**
 * How a metric's value is kept, which decides the updates it accepts and how it is rendered.
 *
 * <p>Prometheus knows only counters, gauges and histograms; {@link #RATIO} and {@link #DERIVED} are
 * Vigil's own kinds, both exposed as gauges ({@link #exposition()}), because their value is computed
 * when rendered rather than stored as such.
 */
public enum MetricType {
    /** Only goes up; updated by {@code Add} with a non-negative delta. */
    COUNTER(Exposition.COUNTER),
    /** Goes up and down; updated by {@code Add} (±) or {@code Set}. */
    GAUGE(Exposition.GAUGE),
    /** Fixed-bucket histogram; updated by {@code Observe}. */
    HISTOGRAM(Exposition.HISTOGRAM),
    /** Windowed success ratio; updated by {@code WindowObserve}, computed per window at render time. */
    RATIO(Exposition.GAUGE),
    /**
     * Computed at render time from pool state and lease gauges. {@code pool_capacity} also stores the
     * latest reported capacity (set by {@code Set}); the others store nothing.
     */
    DERIVED(Exposition.GAUGE);

    /** The Prometheus / OpenMetrics family type. */
    public enum Exposition {
        COUNTER("counter"), GAUGE("gauge"), HISTOGRAM("histogram");

        private final String text;

        Exposition(String text) {
            this.text = text;
        }

        /** The word of the {@code # TYPE} line. */
        public String text() {
            return text;
        }
    }

    private final Exposition exposition;

    MetricType(Exposition exposition) {
        this.exposition = exposition;
    }

    public Exposition exposition() {
        return exposition;
    }
}
