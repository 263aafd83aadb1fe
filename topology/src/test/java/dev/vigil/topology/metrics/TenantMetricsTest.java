package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.Test;

/**
 * {@code tenant_calls_total}, {@code tenant_cost_usd_total}, {@code tenant_tokens_total},
 * {@code tenant_tasks_total}, {@code task_cost_usd} and {@code vigil_late_cost_usd_total}: a call's
 * tenant is its own, else its task's, else unknown; a task's cost is its calls' until it ends
 * (docs/aggregates.md, Tasks and Calls).
 */
class TenantMetricsTest extends MetricsTopologyTest {

    @Test
    void aCallTakesItsOwnTenantElseItsTasksElseUnknown() {
        send(task("t1", "submitted").with("tenant", "acme").at(sec(0)),
                call("c1", "planner", "chat", "m", "ok", 100, 1000, 100).with("task_id", "t1").with("cost_usd", 0.5)
                        .at(sec(1)),
                call("c2", "planner", "chat", "m", "ok", 100, 2000, 200).with("task_id", "t1").with("tenant", "globex")
                        .with("cost_usd", 0.25).with("cached_input_tokens", 500).at(sec(2)),
                call("c3", "planner", "chat", "m", "error", 100, 10, 0).with("cost_usd", 0.125).at(sec(3)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                tenant_calls_total{tenant="acme"} 1
                tenant_calls_total{tenant="globex"} 1
                tenant_calls_total{tenant="unknown"} 1
                """, "tenant_calls_total");
        m.assertExactly("""
                tenant_cost_usd_total{tenant="acme"} 0.5
                tenant_cost_usd_total{tenant="globex"} 0.25
                tenant_cost_usd_total{tenant="unknown"} 0.125
                """, "tenant_cost_usd_total");
        m.assertExactly("""
                tenant_tokens_total{tenant="acme",direction="input"} 1000
                tenant_tokens_total{tenant="acme",direction="output"} 100
                tenant_tokens_total{tenant="globex",direction="cached_input"} 500
                tenant_tokens_total{tenant="globex",direction="input"} 1500
                tenant_tokens_total{tenant="globex",direction="output"} 200
                tenant_tokens_total{tenant="unknown",direction="input"} 10
                tenant_tokens_total{tenant="unknown",direction="output"} 0
                """, "tenant_tokens_total");
        m.assertExactly("tenant_tasks_total{tenant=\"acme\",status=\"submitted\"} 1", "tenant_tasks_total");
    }

    @Test
    void aTaskEndsWithTheCostOfItsCallsAndLaterCallsAreLateCost() {
        send(task("t1", "submitted").with("tenant", "acme").at(sec(0)),
                call("c1", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 0.5)
                        .at(sec(1)),
                call("c2", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 1.5)
                        .at(sec(2)),
                task("t1", "succeeded").at(sec(3)),
                call("c3", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 0.25)
                        .at(sec(4)),
                task("t2", "failed").with("tenant", "globex").at(sec(5)));

        RenderedMetrics m = scrape();
        m.assertIncludes("""
                task_cost_usd_bucket{status="succeeded",le="1.0"} 0
                task_cost_usd_bucket{status="succeeded",le="2.5"} 1
                task_cost_usd_sum{status="succeeded"} 2.0
                task_cost_usd_count{status="succeeded"} 1
                task_cost_usd_bucket{status="failed",le="0.001"} 1
                task_cost_usd_sum{status="failed"} 0.0
                """);
        m.assertExactly("vigil_late_cost_usd_total 0.25", "vigil_late_cost_usd_total");
        m.assertExactly("tenant_cost_usd_total{tenant=\"acme\"} 2.25", "tenant_cost_usd_total");
        m.assertExactly("""
                tenant_tasks_total{tenant="acme",status="submitted"} 1
                tenant_tasks_total{tenant="acme",status="succeeded"} 1
                tenant_tasks_total{tenant="globex",status="failed"} 1
                """, "tenant_tasks_total");
    }

    @Test
    void aCallBeforeItsTasksFirstEventIsUnknownTenantButJoinsTheTasksCost() {
        send(call("c1", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 0.75)
                        .at(sec(0)),
                task("t1", "submitted").with("tenant", "acme").at(sec(1)),
                task("t1", "cancelled").at(sec(2)));

        RenderedMetrics m = scrape();
        m.assertExactly("tenant_cost_usd_total{tenant=\"unknown\"} 0.75", "tenant_cost_usd_total");
        m.assertIncludes("task_cost_usd_sum{status=\"cancelled\"} 0.75");
        m.assertAbsent("vigil_late_cost_usd_total");
    }

    @Test
    void aRepeatedCallCostsTheTaskOnce() {
        var c1 = call("c1", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 0.5)
                .at(sec(1));
        send(task("t1", "submitted").at(sec(0)), c1);
        sendStructured(c1);
        send(task("t1", "succeeded").at(sec(2)));

        scrape().assertIncludes("task_cost_usd_sum{status=\"succeeded\"} 0.5");
    }
}
