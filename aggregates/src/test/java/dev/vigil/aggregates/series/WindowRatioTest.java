package dev.vigil.aggregates.series;

import static dev.vigil.aggregates.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WindowRatioTest {
    private static final long MIN = 60_000;
    private static final long W5 = 5 * MIN;
    private static final long H1 = 60 * MIN;
    private static final List<Long> WINDOWS = List.of(W5, H1);

    @ParameterizedTest(name = "window {0} ms -> bucket width {1} ms")
    @CsvSource({"300000, 60000", "3600000, 720000", "5, 1", "7, 1", "3, 1"})
    void bucketsAreAFifthOfTheWindow(long window, long width) {
        assertThat(WindowRatio.bucketWidthMs(window)).isEqualTo(width);
    }

    @Test
    void bucketsAreAlignedToTheEpoch() {
        assertThat(WindowRatio.bucketIndex(W5, T0)).isEqualTo(T0 / MIN);
        assertThat(WindowRatio.bucketIndex(W5, T0 - 1)).isEqualTo(T0 / MIN - 1);
        assertThat(WindowRatio.bucketIndex(W5, T0 + MIN - 1)).isEqualTo(T0 / MIN);
        assertThat(WindowRatio.bucketIndex(W5, -1)).isEqualTo(-1);
    }

    @Test
    void absentWithoutObservations() {
        assertThat(WindowRatio.empty().ratio(W5, T0)).isEmpty();
        assertThat(WindowRatio.empty().counts(W5, T0)).isEqualTo(new WindowRatio.Counts(0, 0));
    }

    @Test
    void windowIsTheFiveBucketsEndingAtTheClocksBucket() {
        WindowRatio r = WindowRatio.empty()
                .observe(WINDOWS, T0, true)                 // bucket b0
                .observe(WINDOWS, T0 + 5 * MIN - 1, false); // bucket b0+4
        // clock in b0+4: buckets b0..b0+4 -> both
        assertThat(r.ratio(W5, T0 + 5 * MIN - 1)).hasValue(0.5);
        // clock moves to b0+5: b0 leaves the window
        assertThat(r.ratio(W5, T0 + 5 * MIN)).hasValue(0.0);
        assertThat(r.counts(W5, T0 + 5 * MIN)).isEqualTo(new WindowRatio.Counts(0, 1));
        // clock in b0+9: b0+5..b0+9 hold nothing -> absent
        assertThat(r.ratio(W5, T0 + 9 * MIN)).isEmpty();
        assertThat(r.ratio(W5, T0 + 10 * MIN - 1)).isEmpty();
        // the 1h window (12-minute buckets) still holds both
        assertThat(r.ratio(H1, T0 + 10 * MIN)).hasValue(0.5);
        // a clock behind the observations only sees buckets up to its own
        assertThat(r.ratio(W5, T0)).hasValue(1.0);
    }

    @Test
    void sameBucketAccumulates() {
        WindowRatio r = WindowRatio.empty().observe(WINDOWS, T0, true).observe(WINDOWS, T0 + 1, true)
                .observe(WINDOWS, T0 + MIN - 1, false);
        assertThat(r.windows().get(0).buckets()).containsExactly(new WindowRatio.Bucket(T0 / MIN, 2, 3));
        assertThat(r.ratio(W5, T0)).hasValue(2.0 / 3);
    }

    @Test
    void outOfOrderObservationsLandInTheirBucketsInOrder() {
        WindowRatio r = WindowRatio.empty().observe(WINDOWS, T0 + 3 * MIN, true).observe(WINDOWS, T0 + MIN, false)
                .observe(WINDOWS, T0 + 2 * MIN, true);
        assertThat(r.windows().get(0).buckets()).extracting(WindowRatio.Bucket::index)
                .containsExactly(T0 / MIN + 1, T0 / MIN + 2, T0 / MIN + 3);
        assertThat(r.maxEventTimeMs()).isEqualTo(T0 + 3 * MIN);
    }

    @Test
    void bucketsOutOfReachOfTheSeriesOwnMaximumArePrunedAndNeverAdded() {
        WindowRatio r = WindowRatio.empty().observe(WINDOWS, T0, true).observe(WINDOWS, T0 + 10 * MIN, false);
        // 5m window: b0 is older than b0+10-4, dropped; 1h window keeps both
        assertThat(r.windows().get(0).buckets()).extracting(WindowRatio.Bucket::index).containsExactly(T0 / MIN + 10);
        assertThat(r.windows().get(1).buckets()).hasSize(1).first()
                .isEqualTo(new WindowRatio.Bucket(T0 / (12 * MIN), 1, 2));
        // an observation older than reach is left out of 5m but counted in 1h
        WindowRatio older = r.observe(WINDOWS, T0 + MIN, true);
        assertThat(older.windows().get(0)).isEqualTo(r.windows().get(0));
        assertThat(older.counts(H1, T0 + 10 * MIN)).isEqualTo(new WindowRatio.Counts(2, 3));
        // at most five buckets per window, whatever the history
        WindowRatio many = WindowRatio.empty();
        for (int i = 0; i < 30; i++) {
            many = many.observe(WINDOWS, T0 + i * MIN, true);
        }
        assertThat(many.windows().get(0).buckets()).hasSize(5);
        assertThat(many.windows().get(1).buckets()).hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void pruneWithTheMetricClock() {
        WindowRatio r = WindowRatio.empty().observe(WINDOWS, T0 + MIN, true);
        WindowRatio pruned = r.prune(T0 + 20 * MIN);
        assertThat(pruned.windows().get(0).buckets()).isEmpty();
        assertThat(pruned.windows().get(1).buckets()).hasSize(1); // 12-min bucket b0 is within b0+1-4..b0+1
        assertThat(pruned.prune(T0 + 20 * MIN)).isSameAs(pruned);
        assertThat(r.prune(T0 + MIN)).isSameAs(r);
    }

    @Test
    void windowsFollowTheConfiguration() {
        WindowRatio r = WindowRatio.empty().observe(WINDOWS, T0, true);
        WindowRatio onlyHour = r.observe(List.of(H1), T0 + 1, false);
        assertThat(onlyHour.windows()).extracting(WindowRatio.Window::lengthMs).containsExactly(H1);
        WindowRatio added = onlyHour.observe(WINDOWS, T0 + 2, true);
        assertThat(added.counts(W5, T0 + 2)).isEqualTo(new WindowRatio.Counts(1, 1));
        assertThat(added.counts(H1, T0 + 2)).isEqualTo(new WindowRatio.Counts(2, 3));
    }

    @Test
    void rejectsInconsistentBuckets() {
        assertThatThrownBy(() -> new WindowRatio.Bucket(1, 2, 1)).hasMessageContaining("bad bucket");
        assertThatThrownBy(() -> new WindowRatio.Bucket(1, 0, 0)).hasMessageContaining("bad bucket");
        assertThatThrownBy(() -> new WindowRatio.Window(W5,
                List.of(new WindowRatio.Bucket(2, 1, 1), new WindowRatio.Bucket(1, 1, 1))))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> new WindowRatio(0, List.of(new WindowRatio.Window(W5, List.of()),
                new WindowRatio.Window(W5, List.of())))).hasMessageContaining("twice");
    }
}
