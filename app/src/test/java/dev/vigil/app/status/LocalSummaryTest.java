package dev.vigil.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.topology.SelfMetricKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One instance's part, read from the rendered families and self-metric counts that /metrics shows. */
class LocalSummaryTest {
    private static final SummaryPart.Instance SELF = new SummaryPart.Instance("localhost:9090", "RUNNING",
            List.of("0_0"), 1, 0L);

    private static MetricFamilySnapshot family(Metric metric, MetricSample... samples) {
        return new MetricFamilySnapshot(metric, List.of(samples));
    }

    private static MetricSample value(double v, String... labels) {
        return new MetricSample.Value(List.of(labels), v);
    }

    private final List<MetricFamilySnapshot> families = List.of(
            family(Metric.POOL_CAPACITY, value(20, "browser"), value(4, "gpu")),
            family(Metric.ACTIVE_LEASES, value(3, "browser", "planner"), value(2, "browser", "coder")),
            family(Metric.LEASE_UTILIZATION, value(0.25, "browser"), value(0, "gpu")),
            family(Metric.AGENT_CALL_TOTAL,
                    value(90, "planner", "search", "gpt-4o", "ok"),
                    value(10, "planner", "search", "gpt-4o", "error"),
                    value(5, "planner", "code", "gpt-4o", "error")),
            family(Metric.MODEL_COST_USD_TOTAL, value(1.5, "planner", "gpt-4o"), value(0.2, "coder", "claude")),
            family(Metric.TASK_SUCCESS_RATIO, value(0.9, "5m"), value(0.8, "1h")));

    private final Map<SelfMetricKey, Long> counts = Map.of(
            new SelfMetricKey.Events("agent.task.status_changed", SelfMetricKey.Outcome.ACCEPTED), 12L,
            new SelfMetricKey.Events("agent.task.status_changed", SelfMetricKey.Outcome.DUPLICATE), 2L,
            new SelfMetricKey.DeadLetters("invalid_json"), 3L);

    private SummaryPart read() {
        return new LocalSummary(() -> SELF, () -> counts, () -> families, List::of, new TraceLinks(null)).get();
    }

    @Test
    void poolsJoinCapacityLeasesSummedOverAgentsAndUtilization() {
        assertThat(read().pools()).containsExactly(
                new SummaryPart.Pool("browser", 20.0, 5, 0.25),
                new SummaryPart.Pool("gpu", 4.0, 0, 0.0));
    }

    @Test
    void callsAreSummedByAgentAndModelOverCapabilitiesWithErrorsApart() {
        assertThat(read().calls()).containsExactly(
                new SummaryPart.CallTotals("coder", "claude", 0, 0, 0.2),
                new SummaryPart.CallTotals("planner", "gpt-4o", 105, 15, 1.5));
    }

    @Test
    void selfMetricsGiveEventsAndDeadLetters() {
        SummaryPart part = read();
        assertThat(part.events()).containsExactlyInAnyOrder(
                new SummaryPart.EventCount("agent.task.status_changed", "accepted", 12),
                new SummaryPart.EventCount("agent.task.status_changed", "duplicate", 2));
        assertThat(part.deadLetters()).containsExactly(Map.entry("invalid_json", 3L));
        assertThat(part.taskSuccessRatio()).containsOnly(Map.entry("5m", 0.9), Map.entry("1h", 0.8));
        assertThat(part.instance()).isEqualTo(SELF);
    }

    @Test
    void anInstanceWithoutTheGroupsHasNone() {
        SummaryPart part = new LocalSummary(() -> SELF, Map::of, List::of, List::of, new TraceLinks(null)).get();
        assertThat(part.pools()).isEmpty();
        assertThat(part.calls()).isEmpty();
        assertThat(part.taskSuccessRatio()).isEmpty();
    }
}
