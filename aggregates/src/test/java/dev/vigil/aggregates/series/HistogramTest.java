package dev.vigil.aggregates.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.HistogramBounds;
import org.junit.jupiter.api.Test;

class HistogramTest {
    private static final HistogramBounds BOUNDS = AggregatesSettings.defaults().durationBounds();

    @Test
    void valueOnABoundCountsInThatBucketAndCumulativeFollowsLe() {
        Histogram h = Histogram.empty(BOUNDS.size())
                .observe(BOUNDS, 0.05)   // le=0.05
                .observe(BOUNDS, 0.1)    // le=0.1
                .observe(BOUNDS, 0.2)    // le=0.25
                .observe(BOUNDS, 4000);  // +Inf only
        assertThat(h.bucketCounts()).startsWith(1, 1, 1, 0);
        assertThat(h.cumulativeCounts()).startsWith(1, 2, 3, 3);
        assertThat(h.cumulativeCounts()[BOUNDS.size() - 1]).isEqualTo(3);
        assertThat(h.count()).isEqualTo(4);
        assertThat(h.sum()).isEqualTo(0.05 + 0.1 + 0.2 + 4000);
    }

    @Test
    void isImmutable() {
        Histogram empty = Histogram.empty(BOUNDS.size());
        Histogram one = empty.observe(BOUNDS, 1);
        assertThat(empty.count()).isZero();
        long[] counts = one.bucketCounts();
        counts[4] = 99;
        assertThat(one.bucketCounts()[4]).isEqualTo(1);
        assertThat(one).isEqualTo(Histogram.empty(BOUNDS.size()).observe(BOUNDS, 1)).hasSameHashCodeAs(
                Histogram.empty(BOUNDS.size()).observe(BOUNDS, 1));
    }

    @Test
    void mergeSumsBucketsSumAndCount() {
        Histogram a = Histogram.empty(BOUNDS.size()).observe(BOUNDS, 1).observe(BOUNDS, 700);
        Histogram b = Histogram.empty(BOUNDS.size()).observe(BOUNDS, 1).observe(BOUNDS, 5000);
        Histogram m = a.merge(b);
        assertThat(m.count()).isEqualTo(4);
        assertThat(m.sum()).isEqualTo(5702);
        assertThat(m.bucketCounts()[4]).isEqualTo(2);
        assertThat(m.bucketCounts()[13]).isEqualTo(1);
        assertThat(m).isEqualTo(b.merge(a));
    }

    @Test
    void boundsCannotChangeUnderExistingState() {
        Histogram h = Histogram.empty(3);
        assertThatThrownBy(() -> h.observe(BOUNDS, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 buckets");
        assertThatThrownBy(() -> h.merge(Histogram.empty(4))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsInconsistentCounts() {
        assertThatThrownBy(() -> new Histogram(new long[] {2, 1}, 0, 2)).hasMessageContaining("below the bucket total");
        assertThatThrownBy(() -> new Histogram(new long[] {-1}, 0, 2)).hasMessageContaining("negative");
    }
}
