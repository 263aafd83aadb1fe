package dev.vigil.aggregates.series;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.metric.HistogramBounds;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property-based: the histogram math is exact however observations are split, ordered and merged
 * (instances and partitions each hold a part of a series; /metrics and the summary add them up).
 * Values are whole numbers, so that their sums are exact in double and can be compared with equals.
 */
class HistogramPropertyTest {
    private static final HistogramBounds BOUNDS = HistogramBounds.of(-100, 0, 0.5, 1, 10, 250, 10_000);

    @Property(tries = 1000)
    void everyBucketCountsTheValuesAtOrBelowItsBound(@ForAll("values") List<Double> values) {
        Histogram h = observeAll(Histogram.empty(BOUNDS.size()), values);
        long[] cumulative = h.cumulativeCounts();
        for (int i = 0; i < BOUNDS.size(); i++) {
            double bound = BOUNDS.upperBound(i);
            assertThat(cumulative[i]).as("le=%s", bound).isEqualTo(values.stream().filter(v -> v <= bound).count());
        }
        assertThat(h.count()).isEqualTo(values.size());
        assertThat(h.sum()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).sum());
    }

    @Property(tries = 1000)
    void anySplitMergedGivesTheSameHistogramAsOneObserver(@ForAll("values") List<Double> values,
                                                          @ForAll @IntRange(min = 0, max = 200) int cut) {
        int at = Math.min(cut, values.size());
        Histogram whole = observeAll(Histogram.empty(BOUNDS.size()), values);
        Histogram left = observeAll(Histogram.empty(BOUNDS.size()), values.subList(0, at));
        Histogram right = observeAll(Histogram.empty(BOUNDS.size()), values.subList(at, values.size()));
        assertThat(left.merge(right)).isEqualTo(whole);
        assertThat(right.merge(left)).isEqualTo(whole);
    }

    @Property(tries = 500)
    void mergeIsAssociative(@ForAll("values") List<Double> a, @ForAll("values") List<Double> b,
                            @ForAll("values") List<Double> c) {
        Histogram x = observeAll(Histogram.empty(BOUNDS.size()), a);
        Histogram y = observeAll(Histogram.empty(BOUNDS.size()), b);
        Histogram z = observeAll(Histogram.empty(BOUNDS.size()), c);
        assertThat(x.merge(y).merge(z)).isEqualTo(x.merge(y.merge(z)));
    }

    private static Histogram observeAll(Histogram start, List<Double> values) {
        Histogram h = start;
        for (double v : values) {
            h = h.observe(BOUNDS, v);
        }
        return h;
    }

    /** Whole numbers around and on the bounds, and far beyond them. */
    @Provide
    Arbitrary<List<Double>> values() {
        Arbitrary<Double> near = Arbitraries.integers().between(-150, 300).map(Integer::doubleValue);
        Arbitrary<Double> onBounds = Arbitraries.of(-100.0, 0.0, 1.0, 10.0, 250.0, 10_000.0);
        Arbitrary<Double> far = Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L).map(Long::doubleValue);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, near), net.jqwik.api.Tuple.of(2, onBounds), net.jqwik.api.Tuple.of(1, far))
                .list().ofMaxSize(200);
    }
}
