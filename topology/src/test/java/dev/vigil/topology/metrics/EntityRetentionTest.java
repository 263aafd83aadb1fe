package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ended tasks, steps and leases are remembered for one dedup horizon of stream time (so late
 * events for them change nothing), then forgotten, so the entity stores stay bounded; so is a task
 * that only calls have named.
 */
class EntityRetentionTest extends MetricsTopologyTest {

    @BeforeEach
    void oneHourHorizon() {
        configure("""
                aggregates:
                  dedup_horizon: 1h
                """);
    }

    @Test
    void anEndedTaskIsRememberedWithinTheHorizon() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").at(sec(1)),
                task("t2", "submitted").at(min(50)), task("t1", "running").at(min(50).plusSeconds(1)));

        scrape().assertExactly("""
                active_tasks 1
                """, "active_tasks");
    }

    @Test
    void anEndedTaskIsForgottenOneHorizonAfterItEnded() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").at(sec(1)),
                // Stream time passes the horizon plus one purge interval (1h / 24).
                task("t2", "submitted").at(min(70)),
                // t1 is a stranger now: its `running` opens it again.
                task("t1", "running").at(min(70).plusSeconds(1)));

        scrape().assertExactly("""
                active_tasks 2
                """, "active_tasks");
    }

    @Test
    void aTaskKnownOnlyFromCallsIsForgottenOneHorizonAfterItsFirstCall() {
        send(call("c1", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 0.5)
                        .at(sec(0)),
                task("t2", "submitted").at(min(70)),
                // t1's cost is gone with it: its end observes 0.
                task("t1", "succeeded").at(min(70).plusSeconds(1)));

        scrape().assertIncludes("task_cost_usd_sum{status=\"succeeded\"} 0.0");
    }

    @Test
    void aTaskFirstNamedByACallIsNotForgottenOnceItHasStarted() {
        send(call("c1", "planner", "chat", "m", "ok", 100, 0, 0).with("task_id", "t1").with("cost_usd", 0.5)
                        .at(sec(0)),
                task("t1", "submitted").at(sec(1)),
                // Past the horizon of the call's entry: t1 is running, so it stays, with its cost.
                task("t2", "submitted").at(min(70)),
                task("t1", "succeeded").at(min(70).plusSeconds(1)));

        RenderedMetrics m = scrape();
        m.assertIncludes("task_cost_usd_sum{status=\"succeeded\"} 0.5");
        m.assertExactly("""
                active_tasks 1
                """, "active_tasks");
    }
}
