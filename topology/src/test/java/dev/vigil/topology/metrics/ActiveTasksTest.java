package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code active_tasks}: tasks submitted or running, not yet terminal. */
class ActiveTasksTest extends MetricsTopologyTest {

    @Test
    void aTaskIsActiveFromSubmittedUntilItsFirstTerminal() {
        send(task("t1", "submitted").at(sec(0)), task("t2", "submitted").at(sec(1)), task("t1", "running").at(sec(2)));
        scrape().assertExactly("active_tasks 2", "active_tasks");

        send(task("t1", "succeeded").at(sec(3)));
        scrape().assertExactly("active_tasks 1", "active_tasks");

        send(task("t2", "cancelled").at(sec(4)));
        scrape().assertExactly("active_tasks 0", "active_tasks");
    }

    @Test
    void runningWithoutSubmittedMakesATaskActive() {
        sendStructured(task("t1", "running").at(sec(0)));
        scrape().assertExactly("active_tasks 1", "active_tasks");

        send(task("t1", "submitted").at(sec(-1)));
        scrape().assertExactly("active_tasks 1", "active_tasks");
    }

    @Test
    void aRepeatedEventMakesATaskActiveOnce() {
        Event submitted = task("t1", "submitted").at(sec(0));
        send(submitted);
        sendStructured(submitted);
        send(submitted);

        scrape().assertExactly("active_tasks 1", "active_tasks");
    }

    @Test
    void runningAfterTheTerminalDoesNotReopenTheTask() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "failed").at(sec(1)), task("t1", "running").at(sec(2)),
                task("t1", "submitted").at(sec(3)));

        scrape().assertExactly("active_tasks 0", "active_tasks");
    }

    @Test
    void aTaskWhoseTerminalArrivesFirstIsNeverActiveAndALateSubmittedDoesNotReopenIt() {
        send(task("t2", "submitted").at(sec(0)));
        send(task("t1", "succeeded").at(sec(5)), task("t1", "submitted").at(sec(1)), task("t1", "running").at(sec(2)));

        scrape().assertExactly("active_tasks 1", "active_tasks");
    }

    @Test
    void aSecondTerminalDoesNotLeaveTwice() {
        send(task("t1", "submitted").at(sec(0)), task("t2", "submitted").at(sec(0)),
                task("t1", "failed").at(sec(1)), task("t1", "succeeded").at(sec(2)), task("t1", "failed").at(sec(3)));

        scrape().assertExactly("active_tasks 1", "active_tasks");
    }
}
