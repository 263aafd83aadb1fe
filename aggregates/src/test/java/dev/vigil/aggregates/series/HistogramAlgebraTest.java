package dev.vigil.aggregates.series;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.metric.HistogramBounds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Generated, seeded cases: the histogram math is exact however observations are split, ordered and
 * merged (instances and partitions each hold a part of a series; /metrics and the summary add them
 * up). Values are whole numbers, so that their sums are exact in double and compare with equals.
 */
class HistogramAlgebraTest {
    private static final long SEED = 20261206L;
    private static final int CASES = 1_000;
    private static final HistogramBounds BOUNDS = HistogramBounds.of(-100, 0, 0.5, 1, 10, 250, 10_000);
    private static final double[] ON_BOUNDS = {-100, 0, 1, 10, 250, 10_000};

    @Test
    void everyBucketCountsTheValuesAtOrBelowItsBound() {
        forCases(rnd -> {
            List<Double> values = values(rnd);
            Histogram h = observeAll(values);
            long[] cumulative = h.cumulativeCounts();
            for (int i = 0; i < BOUNDS.size(); i++) {
                double bound = BOUNDS.upperBound(i);
                assertThat(cumulative[i]).as("le=%s", bound)
                        .isEqualTo(values.stream().filter(v -> v <= bound).count());
            }
            assertThat(h.count()).isEqualTo(values.size());
            assertThat(h.sum()).isEqualTo(values.stream().mapToDouble(Double::doubleValue).sum());
        });
    }

    @Test
    void anySplitMergedGivesTheSameHistogramAsOneObserver() {
        forCases(rnd -> {
            List<Double> values = values(rnd);
            int at = values.isEmpty() ? 0 : rnd.nextInt(values.size() + 1);
            Histogram whole = observeAll(values);
            Histogram left = observeAll(values.subList(0, at));
            Histogram right = observeAll(values.subList(at, values.size()));
            assertThat(left.merge(right)).isEqualTo(whole);
            assertThat(right.merge(left)).isEqualTo(whole);
        });
    }

    @Test
    void mergeIsAssociative() {
        forCases(rnd -> {
            Histogram x = observeAll(values(rnd));
            Histogram y = observeAll(values(rnd));
            Histogram z = observeAll(values(rnd));
            assertThat(x.merge(y).merge(z)).isEqualTo(x.merge(y.merge(z)));
        });
    }

    private static void forCases(Consumer<SplittableRandom> check) {
        for (int i = 0; i < CASES; i++) {
            try {
                check.accept(new SplittableRandom(SEED + i));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " (seed " + (SEED + i) + ") failed: " + e, e);
            }
        }
    }

    private static Histogram observeAll(List<Double> values) {
        Histogram h = Histogram.empty(BOUNDS.size());
        for (double v : values) {
            h = h.observe(BOUNDS, v);
        }
        return h;
    }

    /** Up to 200 whole numbers: mostly around the bounds, some on them, some far beyond. */
    private static List<Double> values(SplittableRandom rnd) {
        int n = rnd.nextInt(201);
        List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(8);
            values.add(kind < 5 ? (double) rnd.nextInt(-150, 301)
                    : kind < 7 ? ON_BOUNDS[rnd.nextInt(ON_BOUNDS.length)]
                    : (double) rnd.nextLong(-1_000_000_000L, 1_000_000_001L));
        }
        return values;
    }
}
