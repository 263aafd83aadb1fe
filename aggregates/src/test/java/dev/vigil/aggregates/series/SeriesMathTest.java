package dev.vigil.aggregates.series;

import static dev.vigil.aggregates.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import org.junit.jupiter.api.Test;

class SeriesMathTest {
    private static final AggregatesSettings S = AggregatesSettings.defaults();

    @Test
    void addStartsFromZeroAndAccumulates() {
        SeriesKey submitted = SeriesKey.of(Metric.TASK_TOTAL, "submitted");
        SeriesValue v = SeriesMath.apply(null, new SeriesUpdate.Add(submitted, 1), S);
        v = SeriesMath.apply(v, new SeriesUpdate.Add(submitted, 2.5), S);
        assertThat(v).isEqualTo(new SeriesValue.Counter(3.5));
        SeriesKey active = SeriesKey.of(Metric.ACTIVE_TASKS);
        SeriesValue g = SeriesMath.apply(null, new SeriesUpdate.Add(active, 1), S);
        g = SeriesMath.apply(g, new SeriesUpdate.Add(active, -1), S);
        assertThat(g).isEqualTo(new SeriesValue.Gauge(0));
    }

    @Test
    void setReplaces() {
        SeriesKey healthy = SeriesKey.of(Metric.POOL_HEALTHY, "browser");
        SeriesValue v = SeriesMath.apply(new SeriesValue.Gauge(9), new SeriesUpdate.Set(healthy, 4), S);
        assertThat(v).isEqualTo(new SeriesValue.Gauge(4));
    }

    @Test
    void observeUsesTheMetricsBucketKind() {
        SeriesValue latency = SeriesMath.apply(null,
                new SeriesUpdate.Observe(SeriesKey.of(Metric.AGENT_CALL_LATENCY_SECONDS, "a", "m"), 0.01), S);
        assertThat(((Histogram) latency).size()).isEqualTo(S.callLatencyBounds().size());
        assertThat(((Histogram) latency).bucketCounts()[0]).isEqualTo(1);
        SeriesValue duration = SeriesMath.apply(null,
                new SeriesUpdate.Observe(SeriesKey.of(Metric.LEASE_HELD_SECONDS, "browser"), 0.01), S);
        assertThat(((Histogram) duration).size()).isEqualTo(S.durationBounds().size());
    }

    @Test
    void windowObserveBucketsInEveryConfiguredWindow() {
        SeriesValue v = SeriesMath.apply(null,
                new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.TASK_SUCCESS_RATIO), T0, true), S);
        assertThat(((WindowRatio) v).windows()).extracting(WindowRatio.Window::lengthMs)
                .containsExactly(300_000L, 3_600_000L);
    }

    @Test
    void aStoredValueOfAnotherKindIsAnError() {
        SeriesKey submitted = SeriesKey.of(Metric.TASK_TOTAL, "submitted");
        assertThatThrownBy(() -> SeriesMath.apply(new SeriesValue.Gauge(1), new SeriesUpdate.Add(submitted, 1), S))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("task_total|9:submitted holds a Gauge");
        assertThatThrownBy(() -> SeriesMath.apply(new SeriesValue.Counter(1),
                new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_HEALTHY, "p"), 1), S))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clockOnlyMovesForward() {
        SeriesValue.Clock c = SeriesMath.advanceClock(null, T0);
        assertThat(SeriesMath.advanceClock(c, T0 - 1)).isEqualTo(new SeriesValue.Clock(T0));
        assertThat(SeriesMath.advanceClock(c, T0 + 1)).isEqualTo(new SeriesValue.Clock(T0 + 1));
    }
}
