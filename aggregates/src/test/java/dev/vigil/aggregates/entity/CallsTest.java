package dev.vigil.aggregates.entity;

import static dev.vigil.aggregates.Events.T0;
import static dev.vigil.aggregates.Events.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.PriceTable;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.config.VigilConfig;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallsTest {
    private static final PriceTable PRICES = AggregatesSettings.defaults().prices(); // gpt-4o: 2.5 / 10.0

    private static SeriesUpdate cost(String model, double usd) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_COST_USD_TOTAL, "planner", model), usd);
    }

    private static List<SeriesUpdate> common(String model, String status, long in, long out) {
        return List.of(
                new SeriesUpdate.Add(SeriesKey.of(Metric.AGENT_CALL_TOTAL, "planner", "plan", model, status), 1),
                new SeriesUpdate.Observe(SeriesKey.of(Metric.AGENT_CALL_LATENCY_SECONDS, "planner", model), 1.5),
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, "planner", model, "input"), in),
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, "planner", model, "output"), out));
    }

    private static SeriesUpdate ratio(boolean ok) {
        return new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "planner"), T0, ok);
    }

    @Test
    void ownCostWinsEvenForAPricedModel() {
        List<SeriesUpdate> u = Calls.updates(call(CallStatus.OK, T0, "gpt-4o", 1000, 500, 0.42), false, PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("gpt-4o", "ok", 1000, 500),
                cost("gpt-4o", 0.42), ratio(true)));
    }

    @Test
    void pricedFromTheTableWhenAbsent() {
        List<SeriesUpdate> u = Calls.updates(call(CallStatus.OK, T0, "gpt-4o", 1000, 500, null), false, PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("gpt-4o", "ok", 1000, 500),
                cost("gpt-4o", 1000 * 2.5 / 1e6 + 500 * 10.0 / 1e6), ratio(true)));
    }

    @Test
    void unknownModelCostsZeroAndCountsUnpriced() {
        List<SeriesUpdate> u = Calls.updates(call(CallStatus.ERROR, T0, "mystery", 0, 0, null), false, PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("mystery", "error", 0, 0), cost("mystery", 0),
                new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_UNPRICED_CALLS_TOTAL, "mystery"), 1), ratio(false)));
    }

    @Test
    void lateCallStaysOutOfTheWindowAndIsCounted() {
        List<SeriesUpdate> u = Calls.updates(call(CallStatus.OK, T0, "gpt-4o", 1, 1, 0.0), true, PRICES);
        assertThat(u).doesNotHaveAnyElementsOfTypes(SeriesUpdate.WindowObserve.class)
                .endsWith(Lateness.counted(EventType.CALL_COMPLETED));
        assertThat(SeriesBatch.byGroup(u)).extracting(SeriesBatch::group)
                .containsExactly(MetricGroup.CALLS, MetricGroup.VIGIL);
    }

    @Test
    void priceTable() {
        PriceTable t = new PriceTable(Map.of("m", new VigilConfig.ModelPrice(3.0, 15.0)));
        assertThat(t.cost("m", 2_000_000, 1_000_000)).hasValue(6.0 + 15.0);
        assertThat(t.cost("m", 0, 0)).hasValue(0.0);
        assertThat(t.cost("other", 1, 1)).isEmpty();
        assertThat(PriceTable.empty().cost("m", 1, 1)).isEmpty();
    }

    private static List<SeriesUpdate> concat(List<SeriesUpdate> head, SeriesUpdate... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
