package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code task_total{status}}: submitted and the first terminal status, once per task. */
class TaskTotalTest extends MetricsTopologyTest {

    @Test
    void countsSubmittedAndTheFirstTerminalButNeverRunning() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "running").at(sec(1)),
                task("t1", "succeeded").at(sec(2)),
                task("t2", "submitted").at(sec(3)), task("t2", "failed").at(sec(4)),
                task("t3", "submitted").at(sec(5)), task("t3", "cancelled").at(sec(6)),
                task("t4", "submitted").at(sec(7)));

        scrape().assertExactly("""
                task_total{status="submitted"} 4
                task_total{status="succeeded"} 1
                task_total{status="failed"} 1
                task_total{status="cancelled"} 1
                """, "task_total");
    }

    @Test
    void aRepeatedSourceAndIdCountsOnceInEitherContentMode() {
        Event submitted = task("t1", "submitted").at(sec(0));
        Event succeeded = task("t1", "succeeded").at(sec(1));
        send(submitted);
        sendStructured(submitted);
        sendStructured(succeeded);
        send(succeeded, submitted);

        scrape().assertExactly("""
                task_total{status="submitted"} 1
                task_total{status="succeeded"} 1
                """, "task_total");
    }

    @Test
    void theSameIdFromAnotherSourceIsAnotherEvent() {
        send(task("t1", "submitted").id("e1").source("orchestrator-a").at(sec(0)),
                task("t2", "submitted").id("e1").source("orchestrator-b").at(sec(0)));

        scrape().assertExactly("""
                task_total{status="submitted"} 2
                """, "task_total");
    }

    @Test
    void structuredModeCountsLikeBinaryMode() {
        sendStructured(task("t1", "submitted").at(sec(0)), task("t1", "failed").at(sec(1)));
        send(task("t2", "submitted").at(sec(2)), task("t2", "failed").at(sec(3)));

        scrape().assertExactly("""
                task_total{status="submitted"} 2
                task_total{status="failed"} 2
                """, "task_total");
    }

    @Test
    void aLateSubmittedAfterTheTerminalStillCounts() {
        send(task("t1", "running").at(sec(1)), task("t1", "succeeded").at(sec(2)),
                task("t1", "submitted").at(sec(0)));

        scrape().assertExactly("""
                task_total{status="submitted"} 1
                task_total{status="succeeded"} 1
                """, "task_total");
    }

    @Test
    void aSecondDifferentTerminalChangesNothing() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "failed").at(sec(1)),
                task("t1", "succeeded").at(sec(2)), task("t1", "cancelled").at(sec(3)),
                task("t1", "failed").at(sec(4)));

        scrape().assertExactly("""
                task_total{status="submitted"} 1
                task_total{status="failed"} 1
                """, "task_total");
    }

    @Test
    void aTerminalArrivingFirstCountsAndTheLaterSubmittedToo() {
        send(task("t1", "cancelled").at(sec(5)), task("t1", "submitted").at(sec(0)),
                task("t1", "running").at(sec(1)));

        scrape().assertExactly("""
                task_total{status="submitted"} 1
                task_total{status="cancelled"} 1
                """, "task_total");
    }

    @Test
    void aSecondSubmittedWithAnotherIdChangesNothing() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "submitted").at(sec(1)));

        scrape().assertExactly("""
                task_total{status="submitted"} 1
                """, "task_total");
    }

    @Test
    void aTaskThatOnlyRanHasNoCount() {
        send(task("t1", "running").at(sec(0)));

        scrape().assertAbsent("task_total");
    }
}
