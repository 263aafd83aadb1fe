package dev.vigil.aggregates.series;

import static dev.vigil.aggregates.Events.T0;
import static dev.vigil.aggregates.series.CardinalityCap.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesStageTest {
    private static final long MIN = 60_000;

    private final Map<SeriesKey, SeriesValue> map = new HashMap<>();
    private final SeriesStore store = new SeriesStore() {
        @Override
        public SeriesValue get(SeriesKey key) {
            return map.get(key);
        }

        @Override
        public void put(SeriesKey key, SeriesValue value) {
            map.put(key, value);
        }
    };

    private List<SeriesKey> apply(SeriesStage stage, SeriesUpdate... updates) {
        return stage.apply(SeriesBatch.byGroup(List.of(updates)).get(0), store);
    }

    private static SeriesUpdate observe(String agent, long t, boolean ok) {
        return new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, agent), t, ok);
    }

    @Test
    void capsCountsAndFoldsInArrivalOrder() {
        SeriesStage stage = new SeriesStage(AggregatesSettings.defaults().withMaxSeriesPerMetric(1));
        SeriesKey a = SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, "a", "m");
        SeriesKey folded = SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, OTHER, OTHER);
        List<SeriesKey> written = apply(stage, new SeriesUpdate.Add(a, 1),
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, "b", "m"), 2),
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, "c", "m"), 3),
                new SeriesUpdate.Add(a, 4));
        assertThat(written).containsExactly(a, folded, folded, a);
        assertThat(map).containsEntry(a, new SeriesValue.Counter(5))
                .containsEntry(folded, new SeriesValue.Counter(5))
                .containsEntry(SeriesKey.cardinalityCounter(Metric.MODEL_COST_USD_TOTAL), new SeriesValue.SeriesCount(2));
    }

    @Test
    void windowedObservationsAdvanceTheMetricClockAndPruneWithIt() {
        SeriesStage stage = new SeriesStage(AggregatesSettings.defaults());
        apply(stage, observe("a", T0 + MIN, true));
        apply(stage, observe("b", T0 + 20 * MIN, true));
        apply(stage, observe("a", T0 + MIN, false));   // behind the clock: out of the 5m window for good
        assertThat(map.get(SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO)))
                .isEqualTo(new SeriesValue.Clock(T0 + 20 * MIN));
        WindowRatio a = (WindowRatio) map.get(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "a"));
        assertThat(a.windows().get(0).buckets()).isEmpty();
        assertThat(a.counts(3_600_000L, T0 + 20 * MIN)).isEqualTo(new WindowRatio.Counts(1, 2));
        // Two label sets, each exposed once per window (5m, 1h): four places under the cap.
        assertThat(map.get(SeriesKey.cardinalityCounter(Metric.AGENT_CALL_SUCCESS_RATIO)))
                .isEqualTo(new SeriesValue.SeriesCount(4));
    }

    @Test
    void batchOfOneGroupAppliesInOrder() {
        SeriesStage stage = new SeriesStage(AggregatesSettings.defaults());
        SeriesKey active = SeriesKey.of(Metric.ACTIVE_TASKS);
        stage.apply(new SeriesBatch(MetricGroup.TASKS, List.of(new SeriesUpdate.Add(active, 1),
                new SeriesUpdate.Add(active, -1), new SeriesUpdate.Add(active, 1))), store);
        assertThat(map.get(active)).isEqualTo(new SeriesValue.Gauge(1));
    }
}
