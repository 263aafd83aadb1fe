package dev.vigil.aggregates.render;

import java.util.List;

/**
 * One rendered series of a {@link MetricFamilySnapshot}: its label values, aligned with the family's
 * {@code labelNames()}, and its value. Plain data, so the app can build any exposition format from it.
 */
public sealed interface MetricSample permits MetricSample.Value, MetricSample.HistogramValue {

    List<String> labelValues();

    /** A counter's total or a gauge's value. */
    record Value(List<String> labelValues, double value) implements MetricSample {
        public Value {
            labelValues = List.copyOf(labelValues);
        }
    }

    /**
     * A histogram with cumulative ({@code le}) bucket counts: {@code cumulativeCounts.get(i)} is the
     * number of observations ≤ {@code upperBounds.get(i)}; the {@code +Inf} bucket is {@code count}.
     */
    record HistogramValue(List<String> labelValues, List<Double> upperBounds, List<Long> cumulativeCounts,
                          double sum, long count) implements MetricSample {
        public HistogramValue {
            labelValues = List.copyOf(labelValues);
            upperBounds = List.copyOf(upperBounds);
            cumulativeCounts = List.copyOf(cumulativeCounts);
            if (upperBounds.size() != cumulativeCounts.size()) {
                throw new IllegalArgumentException("one cumulative count per bound");
            }
        }
    }
}
