package dev.vigil.alerting;

import static dev.vigil.alerting.Harness.MIN;
import static dev.vigil.alerting.Harness.SEC;
import static dev.vigil.alerting.Harness.call;
import static dev.vigil.alerting.Harness.callCount;
import static dev.vigil.alerting.Harness.capacity;
import static dev.vigil.alerting.Harness.cost;
import static dev.vigil.alerting.Harness.lease;
import static dev.vigil.alerting.Harness.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.series.SeriesUpdate;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state machine, table-driven: each scenario is a rule and a sequence of events and stream-time
 * ticks, each with the transitions it must emit ({@code state#sequence@time}, time from T0).
 */
class StateMachineTest {

    record Step(String what, Function<Harness, List<AlertTransition>> action, List<String> expected) {
    }

    record Scenario(String name, String rules, List<Step> steps) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Step on(long offsetMs, SeriesUpdate update, String... expected) {
        return new Step("event at " + offsetMs + "ms", h -> h.at(offsetMs, update), List.of(expected));
    }

    private static Step tick(long offsetMs, String... expected) {
        return new Step("tick at " + offsetMs + "ms", h -> h.tick(offsetMs), List.of(expected));
    }

    private static Scenario scenario(String name, String rules, Step... steps) {
        return new Scenario(name, rules, List.of(steps));
    }

    private static String backlog(String... extra) {
        StringBuilder b = new StringBuilder("""
                - name: Backlog
                  metric: queue_depth
                  group_by: [capability]
                  op: ">"
                  threshold: 3
                """);
        for (String e : extra) {
            b.append("  ").append(e).append('\n');
        }
        return b.toString();
    }

    static Stream<Scenario> scenarios() {
        return Stream.of(
                scenario("for 0: fires at once, never repeats, resolves when clear, fires again with a new sequence",
                        backlog(),
                        on(0, queue("web", 3)),
                        on(10 * SEC, queue("web", 1), "firing#1@10s"),
                        on(20 * SEC, queue("web", 1)),
                        on(30 * SEC, queue("web", -1)),
                        on(40 * SEC, queue("web", -1), "resolved#2@40s"),
                        on(45 * SEC, queue("web", -1)),
                        on(50 * SEC, queue("web", 2), "firing#3@50s"),
                        tick(10 * MIN)),
                scenario("groups are independent instances",
                        backlog(),
                        on(0, queue("web", 4), "firing#1@0s"),
                        on(1 * SEC, queue("db", 4), "firing#1@1s"),
                        on(2 * SEC, queue("web", -4), "resolved#2@2s"),
                        on(3 * SEC, queue("db", 1))),
                scenario("hysteresis: fires above the threshold, resolves only at the resolve threshold",
                        backlog("resolve_threshold: 1"),
                        on(0, queue("web", 4), "firing#1@0s"),
                        on(10 * SEC, queue("web", -2)),
                        on(20 * SEC, queue("web", 2)),
                        on(30 * SEC, queue("web", -3), "resolved#2@30s"),
                        on(40 * SEC, queue("web", 2)),
                        on(50 * SEC, queue("web", 1), "firing#3@50s")),
                scenario("for: pending, then firing when the timer is due, stamped with the due time",
                        backlog("for: 1m"),
                        on(0, queue("web", 4)),
                        tick(30 * SEC),
                        tick(90 * SEC, "firing#1@1m"),
                        on(100 * SEC, queue("web", 1)),
                        tick(5 * MIN)),
                scenario("for: a pending that clears before it is due emits nothing",
                        backlog("for: 1m"),
                        on(0, queue("web", 4)),
                        on(30 * SEC, queue("web", -2)),
                        tick(5 * MIN)),
                scenario("for: an update after the due time fires at the due time",
                        backlog("for: 1m"),
                        on(0, queue("web", 4)),
                        on(70 * SEC, queue("web", 1), "firing#1@1m")),
                scenario("for: clearing restarts the pending timer",
                        backlog("for: 1m"),
                        on(0, queue("web", 4)),
                        on(30 * SEC, queue("web", -4)),
                        on(40 * SEC, queue("web", 4)),
                        tick(90 * SEC),
                        tick(100 * SEC, "firing#1@100s")),
                scenario("keep_firing_for: resolves only after the condition stayed clear that long",
                        backlog("keep_firing_for: 1m"),
                        on(0, queue("web", 4), "firing#1@0s"),
                        on(10 * SEC, queue("web", -4)),
                        tick(40 * SEC),
                        on(50 * SEC, queue("web", 4)),
                        on(60 * SEC, queue("web", -4)),
                        tick(119 * SEC),
                        tick(3 * MIN, "resolved#2@2m"),
                        on(4 * MIN, queue("web", 4), "firing#3@4m")),
                scenario("for and keep_firing_for together",
                        backlog("for: 30s", "keep_firing_for: 30s", "resolve_threshold: 2"),
                        on(0, queue("web", 4)),
                        on(40 * SEC, queue("web", -1), "firing#1@30s"),
                        on(50 * SEC, queue("web", -1)),
                        tick(80 * SEC, "resolved#2@80s")),
                scenario("ungrouped: the sum over every series",
                        """
                        - name: Backlog
                          metric: queue_depth
                          op: ">"
                          threshold: 3
                        """,
                        on(0, queue("web", 2)),
                        on(1 * SEC, queue("db", 2), "firing#1@1s"),
                        on(2 * SEC, queue("web", -1), "resolved#2@2s")),
                scenario("grouped by a label that is not the first: the matching series are summed",
                        """
                        - name: Errors
                          metric: agent_call_total
                          group_by: [status]
                          op: ">="
                          threshold: 3
                        """,
                        on(0, callCount("a", "error")),
                        on(1 * SEC, callCount("b", "error")),
                        on(2 * SEC, callCount("a", "ok")),
                        on(3 * SEC, callCount("c", "error"), "firing#1@3s"),
                        on(4 * SEC, callCount("c", "error"))),
                scenario("ratio: min_samples gates the judgement; fewer samples in the window resolves",
                        """
                        - name: CallsFail
                          metric: agent_call_success_ratio
                          window: 5m
                          group_by: [agent_name]
                          op: "<"
                          threshold: 0.9
                          min_samples: 5
                        """,
                        on(0, call("a", false, 0)),
                        on(1 * SEC, call("a", false, 1 * SEC)),
                        on(2 * SEC, call("a", false, 2 * SEC)),
                        on(3 * SEC, call("a", false, 3 * SEC)),
                        on(4 * SEC, call("a", false, 4 * SEC), "firing#1@4s"),
                        on(3 * MIN, call("a", false, 3 * MIN)),
                        // b's call moves the metric's clock to minute 5: a's window now holds one call.
                        on(5 * MIN, call("b", true, 5 * MIN), "resolved#2@5m")),
                scenario("ratio: the window slides with the metric's clock for every group",
                        """
                        - name: CallsFail
                          metric: agent_call_success_ratio
                          window: 5m
                          group_by: [agent_name]
                          op: "<"
                          threshold: 0.5
                        """,
                        on(0, call("a", false, 0), "firing#1@0s"),
                        on(2 * MIN, call("b", true, 2 * MIN)),
                        on(6 * MIN, call("b", true, 6 * MIN), "resolved#2@6m")),
                scenario("absent: fires when a group has been silent for the duration, resolves when it returns",
                        """
                        - name: AgentSilent
                          kind: absent
                          metric: agent_call_total
                          group_by: [agent_name]
                          for: 10m
                        """,
                        on(0, callCount("a", "ok")),
                        on(5 * MIN, callCount("b", "ok")),
                        tick(9 * MIN),
                        on(11 * MIN, callCount("b", "ok")),
                        tick(11 * MIN, "firing#1@10m"),
                        on(12 * MIN, callCount("a", "error"), "resolved#2@12m"),
                        tick(21 * MIN, "firing#1@21m"),
                        tick(30 * MIN, "firing#3@22m"),
                        tick(40 * MIN)),
                scenario("absent with keep_firing_for",
                        """
                        - name: AgentSilent
                          kind: absent
                          metric: agent_call_total
                          for: 10m
                          keep_firing_for: 2m
                        """,
                        on(0, callCount("a", "ok")),
                        tick(10 * MIN, "firing#1@10m"),
                        on(11 * MIN, callCount("a", "ok")),
                        tick(12 * MIN),
                        tick(13 * MIN, "resolved#2@13m")),
                scenario("increase: a counter's increase over the window, which slides with stream time",
                        """
                        - name: Spend
                          metric: model_cost_usd_total
                          function: increase
                          window: 1h
                          op: ">"
                          threshold: 50
                        """,
                        on(0, cost("a", 20)),
                        on(10 * MIN, cost("b", 20)),
                        on(20 * MIN, cost("a", 20), "firing#1@20m"),
                        on(30 * MIN, cost("a", 0)),
                        tick(59 * MIN),
                        // bucket [0m, 12m) leaves the 1h window (buckets of 12m) at 60m: 20 remain
                        tick(65 * MIN, "resolved#2@60m"),
                        tick(3 * 60 * MIN),
                        on(3 * 60 * MIN, cost("a", 60), "firing#3@180m")),
                scenario("increase: events older than the window are not counted",
                        """
                        - name: Spend
                          metric: model_cost_usd_total
                          function: increase
                          window: 1h
                          op: ">"
                          threshold: 50
                        """,
                        on(2 * 60 * MIN, cost("a", 30)),
                        on(0, cost("a", 30)),
                        on(2 * 60 * MIN + 1, cost("a", 30), "firing#1@7200001ms")),
                scenario("lease_utilization: resolves when the judged series disappears (capacity 0)",
                        """
                        - name: PoolFull
                          metric: lease_utilization
                          group_by: [pool]
                          op: ">="
                          threshold: 1
                        """,
                        on(0, capacity("gpu", 2)),
                        on(1 * SEC, lease("gpu", "a", 1)),
                        on(2 * SEC, lease("gpu", "b", 1), "firing#1@2s"),
                        on(3 * SEC, capacity("gpu", 0), "resolved#2@3s"),
                        on(4 * SEC, capacity("gpu", 1), "firing#3@4s"),
                        on(5 * SEC, lease("cpu", "a", 5))),
                scenario("browser_pool_available: the configured browser pool only",
                        """
                        - name: BrowserPoolExhausted
                          metric: browser_pool_available
                          op: "<="
                          threshold: 0
                        """,
                        on(0, lease("browser", "a", 19)),
                        on(1 * SEC, lease("browser", "b", 1), "firing#1@1s"),
                        on(2 * SEC, lease("other", "a", 1)),
                        on(3 * SEC, lease("browser", "a", -1), "resolved#2@3s")),
                scenario("pool_capacity: configured until reported",
                        """
                        - name: SmallPool
                          metric: pool_capacity
                          group_by: [pool]
                          op: "<"
                          threshold: 10
                        """,
                        on(0, capacity("browser", 5), "firing#1@0s"),
                        on(1 * SEC, capacity("browser", 25), "resolved#2@1s")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void transitions(Scenario scenario) {
        Harness h = new Harness(scenario.rules());
        for (Step step : scenario.steps()) {
            List<String> got = Harness.brief(step.action().apply(h));
            assertThat(got).as(scenario.name() + " — " + step.what()).containsExactlyElementsOf(step.expected());
        }
    }
}
