package dev.vigil.aggregates.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesUpdateTest {
    private static final SeriesKey SUBMITTED = SeriesKey.of(Metric.TASK_TOTAL, "submitted");
    private static final SeriesKey ACTIVE = SeriesKey.of(Metric.ACTIVE_TASKS);
    private static final SeriesKey LATENCY = SeriesKey.of(Metric.AGENT_CALL_LATENCY_SECONDS, "a", "m");
    private static final SeriesKey RATIO = SeriesKey.of(Metric.TASK_SUCCESS_RATIO);

    @Test
    void eachUpdateOnlyFitsItsMetricType() {
        assertThatThrownBy(() -> new SeriesUpdate.Add(LATENCY, 1)).hasMessageContaining("Add does not apply");
        assertThatThrownBy(() -> new SeriesUpdate.Set(SUBMITTED, 1)).hasMessageContaining("Set does not apply");
        assertThatThrownBy(() -> new SeriesUpdate.Observe(ACTIVE, 1)).hasMessageContaining("Observe does not apply");
        assertThatThrownBy(() -> new SeriesUpdate.WindowObserve(ACTIVE, 1, true))
                .hasMessageContaining("WindowObserve does not apply");
        assertThat(new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_CAPACITY, "browser"), 3).value()).isEqualTo(3);
    }

    @Test
    void countersNeverGoBackwardsGaugesMay() {
        assertThatThrownBy(() -> new SeriesUpdate.Add(SUBMITTED, -1)).hasMessageContaining("bad delta");
        assertThatThrownBy(() -> new SeriesUpdate.Add(SUBMITTED, Double.NaN)).hasMessageContaining("bad delta");
        assertThatThrownBy(() -> new SeriesUpdate.Observe(LATENCY, Double.POSITIVE_INFINITY))
                .hasMessageContaining("bad value");
        assertThat(new SeriesUpdate.Add(ACTIVE, -1).delta()).isEqualTo(-1);
    }

    @Test
    void updatesAddressSeriesNotBookkeeping() {
        assertThatThrownBy(() -> new SeriesUpdate.Add(SeriesKey.cardinalityCounter(Metric.TASK_TOTAL), 1))
                .hasMessageContaining("address series");
    }

    @Test
    void withKeyKeepsThePayload() {
        SeriesKey other = SeriesKey.of(Metric.AGENT_CALL_LATENCY_SECONDS, "__other__", "__other__");
        assertThat(new SeriesUpdate.Observe(LATENCY, 2.5).withKey(other)).isEqualTo(new SeriesUpdate.Observe(other, 2.5));
        SeriesKey ratio = SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "x");
        assertThat(new SeriesUpdate.WindowObserve(ratio, 7, true).withKey(ratio))
                .isEqualTo(new SeriesUpdate.WindowObserve(ratio, 7, true));
    }

    @Test
    void batchesSplitByGroupInFirstAppearanceOrder() {
        SeriesUpdate late = new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_LATE_EVENTS_TOTAL, "agent.task.status_changed"), 1);
        SeriesUpdate a = new SeriesUpdate.Add(SUBMITTED, 1);
        SeriesUpdate b = new SeriesUpdate.WindowObserve(RATIO, 5, true);
        List<SeriesBatch> batches = SeriesBatch.byGroup(List.of(late, a, b));
        assertThat(batches).containsExactly(
                new SeriesBatch(MetricGroup.VIGIL, List.of(late)),
                new SeriesBatch(MetricGroup.TASKS, List.of(a, b)));
        assertThat(SeriesBatch.byGroup(List.of())).isEmpty();
    }

    @Test
    void aBatchHoldsOneGroupOnly() {
        assertThatThrownBy(() -> new SeriesBatch(MetricGroup.CALLS, List.of(new SeriesUpdate.Add(SUBMITTED, 1))))
                .hasMessageContaining("not in group calls");
    }
}
