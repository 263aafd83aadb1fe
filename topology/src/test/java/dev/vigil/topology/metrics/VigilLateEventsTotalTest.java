package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.released;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.step;
import static dev.vigil.topology.metrics.Events.task;

import dev.vigil.topology.metrics.Events.Event;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code vigil_late_events_total{type}}: accepted events whose event time is earlier than the
 * entity partition's stream time (including the event) minus {@code aggregates.grace} (5m).
 */
class VigilLateEventsTotalTest extends MetricsTopologyTest {
    private static final Instant LATE = min(4);

    @Test
    void countsEveryLateAcceptedEventByType() {
        send(poolStatus("browser", 20).at(min(10)));
        send(task("t1", "submitted").at(LATE), step("t1", "s1", "queued", "planner", "search").at(LATE),
                call("c1", "planner", "ok").at(LATE), acquired("l1", "gpu").at(LATE));
        sendStructured(released("l2", "gpu").at(LATE), poolStatus("gpu", 4).at(LATE));

        scrape().assertExactly("""
                vigil_late_events_total{type="agent.task.status_changed"} 1
                vigil_late_events_total{type="agent.step.status_changed"} 1
                vigil_late_events_total{type="agent.call.completed"} 1
                vigil_late_events_total{type="agent.lease.acquired"} 1
                vigil_late_events_total{type="agent.lease.released"} 1
                vigil_late_events_total{type="agent.pool.status"} 1
                """, "vigil_late_events_total");
    }

    @Test
    void aLateEventStillUpdatesEveryAggregateButTheWindows() {
        send(poolStatus("browser", 20).at(min(10)));
        send(task("t1", "submitted").at(LATE), step("t1", "s1", "queued", "planner", "search").at(LATE),
                acquired("l1", "gpu").with("agent_name", "scout").at(LATE), poolStatus("gpu", 4).at(LATE));

        scrape().assertIncludes("""
                task_total{status="submitted"} 1
                active_tasks 1
                queue_depth{capability="search"} 1
                active_leases{pool="gpu",agent_name="scout"} 1
                pool_capacity{pool="gpu"} 4
                lease_utilization{pool="gpu"} 0.25
                """);
    }

    @Test
    void anEventWithinGraceIsNotLate() {
        send(poolStatus("browser", 20).at(min(10)), task("t1", "submitted").at(min(5)),
                call("c1", "planner", "ok").at(min(6)));

        scrape().assertAbsent("vigil_late_events_total");
    }

    @Test
    void lateIsJudgedAgainstTheLargestEventTimeSeenNotTheLastOne() {
        send(task("t1", "submitted").at(min(10)), task("t2", "submitted").at(min(8)),
                task("t3", "submitted").at(min(5)), task("t4", "submitted").at(min(5).minusMillis(1)));

        scrape().assertExactly("vigil_late_events_total{type=\"agent.task.status_changed\"} 1",
                "vigil_late_events_total");
    }

    @Test
    void aRepeatedLateEventIsCountedOnce() {
        Event late = call("c1", "planner", "ok").at(LATE);
        send(poolStatus("browser", 20).at(min(10)), late);
        sendStructured(late);

        scrape().assertExactly("vigil_late_events_total{type=\"agent.call.completed\"} 1", "vigil_late_events_total");
    }

    @Test
    void anInvalidLateRecordIsNotCounted() {
        send(poolStatus("browser", 20).at(min(10)), task("t1", "no-such-status").at(LATE),
                task("t2", "succeeded").with("duration_ms", -1).at(LATE));

        RenderedMetrics m = scrape();
        m.assertAbsent("vigil_late_events_total", "task_total");
    }

    @Test
    void isAbsentWhileNothingIsLate() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").at(sec(1)));

        scrape().assertAbsent("vigil_late_events_total");
    }

    @Test
    void withoutATimeAttributeTheRecordTimestampIsTheEventTime() {
        send(task("t1", "succeeded").at(min(0)));
        sendStructured(task("t2", "failed").at(min(10)).withoutTimeAttribute());
        send(task("t3", "succeeded").at(min(1)).withoutTimeAttribute());

        RenderedMetrics m = scrape();
        m.assertExactly("vigil_late_events_total{type=\"agent.task.status_changed\"} 1", "vigil_late_events_total");
        m.assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");
    }
}
