package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.step;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aggregates.max_series_per_metric} (here 2): past the cap, a new label set's
 * {@code agent_name}, {@code capability}, {@code model_name}, {@code pool} and {@code tenant} become
 * {@code __other__}; enumerated labels keep their values; admitted label sets stay admitted.
 */
class CardinalityCapTest extends MetricsTopologyTest {

    @BeforeEach
    void capAtTwo() {
        configure("""
                aggregates:
                  max_series_per_metric: 2
                """);
    }

    @Test
    void aThirdTenantFoldsIntoOther() {
        send(call("c1", "planner", "ok").with("tenant", "acme").with("cost_usd", 1.0).at(sec(0)),
                call("c2", "planner", "ok").with("tenant", "globex").with("cost_usd", 2.0).at(sec(1)),
                call("c3", "planner", "ok").with("tenant", "initech").with("cost_usd", 4.0).at(sec(2)),
                call("c4", "planner", "ok").with("tenant", "acme").with("cost_usd", 8.0).at(sec(3)));

        scrape().assertExactly("""
                tenant_cost_usd_total{tenant="acme"} 9
                tenant_cost_usd_total{tenant="globex"} 2
                tenant_cost_usd_total{tenant="__other__"} 4
                """, "tenant_cost_usd_total");
    }

    @Test
    void aThirdAgentFoldsIntoOther() {
        send(call("c1", "planner", "ok").at(sec(0)), call("c2", "scout", "ok").at(sec(1)),
                call("c3", "critic", "ok").at(sec(2)));

        scrape().assertExactly("""
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 1
                agent_call_total{agent_name="scout",capability="chat",model_name="gpt-4o",status="ok"} 1
                agent_call_total{agent_name="__other__",capability="__other__",model_name="__other__",status="ok"} 1
                """, "agent_call_total");
    }

    @Test
    void foldingIsStickyAndAdmittedLabelSetsStayAdmitted() {
        send(call("c1", "planner", "ok").at(sec(0)), call("c2", "scout", "ok").at(sec(1)),
                call("c3", "critic", "ok").at(sec(2)), call("c4", "critic", "ok").at(sec(3)),
                call("c5", "writer", "ok").at(sec(4)), call("c6", "planner", "ok").at(sec(5)),
                call("c7", "planner", "error").at(sec(6)));

        scrape().assertExactly("""
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 2
                agent_call_total{agent_name="scout",capability="chat",model_name="gpt-4o",status="ok"} 1
                agent_call_total{agent_name="__other__",capability="__other__",model_name="__other__",status="ok"} 3
                agent_call_total{agent_name="__other__",capability="__other__",model_name="__other__",status="error"} 1
                """, "agent_call_total");
    }

    @Test
    void theCapIsCountedPerMetric() {
        send(call("c1", "planner", "ok").at(sec(0)), call("c2", "scout", "error").at(sec(1)),
                call("c3", "critic", "ok").at(sec(2)));

        RenderedMetrics m = scrape();
        // Two series per agent: planner fills the cap of model_tokens_total alone.
        m.assertExactly("""
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="input"} 0
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="output"} 0
                model_tokens_total{agent_name="__other__",model_name="__other__",direction="input"} 0
                model_tokens_total{agent_name="__other__",model_name="__other__",direction="output"} 0
                """, "model_tokens_total");
        m.assertExactly("""
                agent_call_latency_seconds_count{agent_name="planner",model_name="gpt-4o"} 1
                agent_call_latency_seconds_count{agent_name="scout",model_name="gpt-4o"} 1
                agent_call_latency_seconds_count{agent_name="__other__",model_name="__other__"} 1
                """, "agent_call_latency_seconds_count");
    }

    @Test
    void aPoolLabelFoldsToo() {
        send(acquired("l1", "browser").with("agent_name", "scout").at(sec(0)),
                acquired("l2", "gpu").with("agent_name", "scout").at(sec(1)),
                acquired("l3", "tpu").with("agent_name", "scout").at(sec(2)));

        scrape().assertExactly("""
                active_leases{pool="browser",agent_name="scout"} 1
                active_leases{pool="gpu",agent_name="scout"} 1
                active_leases{pool="__other__",agent_name="__other__"} 1
                """, "active_leases");
    }

    @Test
    void aThirdCapabilityFoldsQueueDepth() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s2", "queued", "planner", "browse").at(sec(1)),
                step("t1", "s3", "queued", "planner", "code").at(sec(2)),
                step("t1", "s3", "running", "planner", "code").at(sec(3)));

        scrape().assertExactly("""
                queue_depth{capability="search"} 1
                queue_depth{capability="browse"} 1
                queue_depth{capability="__other__"} 0
                """, "queue_depth");
    }

    @Test
    void enumeratedLabelsNeverFold() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").at(sec(1)),
                task("t2", "failed").at(sec(2)), task("t3", "cancelled").at(sec(3)));
        send(Events.poolStatus("browser", 20).at(min(10)), task("t4", "submitted").at(min(1)),
                call("c1", "planner", "ok").at(min(1)), acquired("l1", "browser").at(min(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                task_total{status="submitted"} 2
                task_total{status="succeeded"} 1
                task_total{status="failed"} 1
                task_total{status="cancelled"} 1
                """, "task_total");
        m.assertExactly("""
                vigil_late_events_total{type="agent.task.status_changed"} 1
                vigil_late_events_total{type="agent.call.completed"} 1
                vigil_late_events_total{type="agent.lease.acquired"} 1
                """, "vigil_late_events_total");
    }

    @Test
    void aRatioTakesOnePlacePerWindowUnderTheCap() {
        // Two windows (5m, 1h): planner alone fills a cap of two.
        send(call("c1", "planner", "ok").at(sec(0)), call("c2", "scout", "error").at(sec(1)),
                call("c3", "critic", "ok").at(sec(2)));

        scrape().assertExactly("""
                agent_call_success_ratio{agent_name="planner",window="5m"} 1
                agent_call_success_ratio{agent_name="planner",window="1h"} 1
                agent_call_success_ratio{agent_name="__other__",window="5m"} 0.5
                agent_call_success_ratio{agent_name="__other__",window="1h"} 0.5
                """, "agent_call_success_ratio");
    }

    @Test
    void configuredPoolsHoldTheirPlacesAndAReportedCapacityIsNeverFoldedAway() {
        // Default configuration: pool browser (20) is configured, so one place is left.
        send(poolStatus("gpu", 4).at(sec(0)), poolStatus("tpu", 8).at(sec(1)),
                poolStatus("browser", 5).at(sec(2)), acquired("l1", "browser").at(sec(3)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                pool_capacity{pool="browser"} 5
                pool_capacity{pool="gpu"} 4
                pool_capacity{pool="__other__"} 8
                """, "pool_capacity");
        m.assertExactly("""
                browser_pool_available 4
                """, "browser_pool_available");
    }
}
