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
    private static final PriceTable PRICES =
            PriceTable.configuredOnly(Map.of("gpt-4o", new VigilConfig.ModelPrice(2.5, 10.0, 1.25)));

    /** The call's updates without the tenant ones, which {@link #tenantAndTaskCost} tests. */
    private static List<SeriesUpdate> updates(dev.vigil.serdes.event.CallCompleted e, boolean late, PriceTable p) {
        return Calls.updates(e, late, p).stream().filter(u -> !u.key().metric().metricName().startsWith("tenant_"))
                .toList();
    }

    @Test
    void tenantAndTaskCost() {
        dev.vigil.serdes.event.CallCompleted own = call(CallStatus.OK, T0, "gpt-4o", 1000, 500, 0.5, 200L, "acme");
        dev.vigil.serdes.event.CallCompleted bare = call(CallStatus.OK, T0, "gpt-4o", 1000, 500, 0.25, null, null);
        // Without a task: the call's own tenant, else unknown.
        assertThat(Calls.updates(own, false, PRICES)).contains(tenant(Metric.TENANT_CALLS_TOTAL, 1, "acme"),
                tenant(Metric.TENANT_COST_USD_TOTAL, 0.5, "acme"), tenant(Metric.TENANT_TOKENS_TOTAL, 800, "acme", "input"),
                tenant(Metric.TENANT_TOKENS_TOTAL, 200, "acme", "cached_input"),
                tenant(Metric.TENANT_TOKENS_TOTAL, 500, "acme", "output"));
        assertThat(Calls.updates(bare, false, PRICES)).contains(tenant(Metric.TENANT_CALLS_TOTAL, 1, "unknown"))
                .noneMatch(u -> u.key().labelValues().contains("cached_input"));
        // With a task: its tenant unless the call has its own; the cost joins the task's until it ends.
        dev.vigil.serdes.event.CallCompleted inTask = withTask(bare, "t-1");
        TaskState running = new TaskState(true, T0, true, null, 0, "globex", 1.0);
        Transition<TaskState> t = Calls.apply(running, inTask, false, PRICES);
        assertThat(t.updates()).contains(tenant(Metric.TENANT_COST_USD_TOTAL, 0.25, "globex"));
        assertThat(t.next().costUsd()).isEqualTo(1.25);
        assertThat(Calls.apply(running, withTask(own, "t-1"), false, PRICES).updates())
                .contains(tenant(Metric.TENANT_COST_USD_TOTAL, 0.5, "acme"));
        // Before the task's first event: the task is created, known from calls only, with the cost.
        Transition<TaskState> early = Calls.apply(null, inTask, false, PRICES);
        assertThat(early.next().knownFromCallsOnly()).isTrue();
        assertThat(early.next().costUsd()).isEqualTo(0.25);
        // After it ended: late cost, and the task's cost stays.
        TaskState ended = new TaskState(true, T0, false, dev.vigil.serdes.event.TaskStatus.SUCCEEDED, T0 + 1, "globex", 1.0);
        Transition<TaskState> late = Calls.apply(ended, inTask, false, PRICES);
        assertThat(late.next()).isEqualTo(ended);
        assertThat(late.updates()).contains(new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_LATE_COST_USD_TOTAL), 0.25),
                tenant(Metric.TENANT_COST_USD_TOTAL, 0.25, "globex"));
        // A call without task_id has no task state to apply to.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Calls.apply(null, bare, false, PRICES))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static SeriesUpdate tenant(Metric metric, double value, String... labels) {
        return new SeriesUpdate.Add(SeriesKey.of(metric, labels), value);
    }

    private static dev.vigil.serdes.event.CallCompleted withTask(dev.vigil.serdes.event.CallCompleted e, String taskId) {
        return new dev.vigil.serdes.event.CallCompleted(e.meta(), e.callId(), e.agentName(), e.capability(),
                e.modelName(), e.status(), e.latencyMs(), e.inputTokens(), e.outputTokens(), taskId, e.stepId(),
                e.costUsd(), e.errorType(), e.cachedInputTokens(), e.tenant());
    }

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
        List<SeriesUpdate> u = updates(call(CallStatus.OK, T0, "gpt-4o", 1000, 500, 0.42), false, PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("gpt-4o", "ok", 1000, 500),
                cost("gpt-4o", 0.42), ratio(true)));
    }

    @Test
    void pricedFromTheTableWhenAbsent() {
        List<SeriesUpdate> u = updates(call(CallStatus.OK, T0, "gpt-4o", 1000, 500, null), false, PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("gpt-4o", "ok", 1000, 500),
                cost("gpt-4o", 1000 * 2.5 / 1e6 + 500 * 10.0 / 1e6), ratio(true)));
    }

    @Test
    void unknownModelCostsZeroAndCountsUnpriced() {
        List<SeriesUpdate> u = updates(call(CallStatus.ERROR, T0, "mystery", 0, 0, null), false, PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("mystery", "error", 0, 0), cost("mystery", 0),
                new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_UNPRICED_CALLS_TOTAL, "mystery"), 1), ratio(false)));
    }

    @Test
    void lateCallStaysOutOfTheWindowAndIsCounted() {
        List<SeriesUpdate> u = updates(call(CallStatus.OK, T0, "gpt-4o", 1, 1, 0.0), true, PRICES);
        assertThat(u).doesNotHaveAnyElementsOfTypes(SeriesUpdate.WindowObserve.class)
                .endsWith(Lateness.counted(EventType.CALL_COMPLETED));
        assertThat(SeriesBatch.byGroup(u)).extracting(SeriesBatch::group)
                .containsExactly(MetricGroup.CALLS, MetricGroup.VIGIL);
    }

    @Test
    void cachedTokensAreCountedApartAndPricedAtTheCachedRate() {
        List<SeriesUpdate> u = updates(call(CallStatus.OK, T0, "gpt-4o", 1000, 500, null, 800L, null), false,
                PRICES);
        assertThat(u).containsExactlyElementsOf(concat(common("gpt-4o", "ok", 200, 500),
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, "planner", "gpt-4o", "cached_input"), 800),
                cost("gpt-4o", 200 * 2.5 / 1e6 + 800 * 1.25 / 1e6 + 500 * 10.0 / 1e6), ratio(true)));
    }

    @Test
    void zeroCachedTokensStillMakeTheCachedSeries() {
        List<SeriesUpdate> u = updates(call(CallStatus.OK, T0, "gpt-4o", 1000, 500, 0.1, 0L, null), false,
                PRICES);
        assertThat(u).contains(
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, "planner", "gpt-4o", "input"), 1000),
                new SeriesUpdate.Add(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, "planner", "gpt-4o", "cached_input"), 0));
    }

    @Test
    void theDefaultSettingsPriceFromTheShippedCatalogue() {
        PriceTable defaults = AggregatesSettings.defaults().prices();
        assertThat(defaults.configured()).isEmpty();
        assertThat(defaults.catalogue()).isNotEmpty();
        String model = defaults.catalogue().keySet().iterator().next();
        assertThat(updates(call(CallStatus.OK, T0, model, 1000, 500, null), false, defaults))
                .doesNotContain(new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_UNPRICED_CALLS_TOTAL, model), 1));
    }

    private static List<SeriesUpdate> concat(List<SeriesUpdate> head, SeriesUpdate... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
