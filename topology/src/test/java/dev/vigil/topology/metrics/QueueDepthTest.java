package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.step;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code queue_depth{capability}}: steps queued and not yet running or terminal. */
class QueueDepthTest extends MetricsTopologyTest {

    @Test
    void aQueuedStepCountsUntilItRuns() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s2", "queued", "planner", "search").at(sec(1)),
                step("t2", "s1", "queued", "scout", "browse").at(sec(2)));
        scrape().assertExactly("""
                queue_depth{capability="search"} 2
                queue_depth{capability="browse"} 1
                """, "queue_depth");

        send(step("t1", "s1", "running", "planner", "search").at(sec(3)));
        scrape().assertExactly("""
                queue_depth{capability="search"} 1
                queue_depth{capability="browse"} 1
                """, "queue_depth");
    }

    @Test
    void aTerminalWithoutRunningLeavesTheQueue() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s1", "cancelled", "planner", "search").at(sec(1)));

        scrape().assertExactly("queue_depth{capability=\"search\"} 0", "queue_depth");
    }

    @Test
    void aQueuedArrivingAfterRunningOrTerminalIsNotCounted() {
        send(step("t1", "s1", "running", "planner", "search").at(sec(1)),
                step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s2", "failed", "planner", "search").at(sec(2)),
                step("t1", "s2", "queued", "planner", "search").at(sec(1)),
                step("t1", "s3", "queued", "planner", "search").at(sec(3)));

        scrape().assertExactly("queue_depth{capability=\"search\"} 1", "queue_depth");
    }

    @Test
    void theLabelIsTheCapabilityOfTheQueuedEvent() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s1", "running", "planner", "browse").at(sec(1)));

        scrape().assertExactly("queue_depth{capability=\"search\"} 0", "queue_depth");
    }

    @Test
    void aStepIsQueuedOnceWhateverRepeats() {
        Event queued = step("t1", "s1", "queued", "planner", "search").at(sec(0));
        send(queued);
        sendStructured(queued);
        send(step("t1", "s1", "queued", "planner", "search").at(sec(1)));

        scrape().assertExactly("queue_depth{capability=\"search\"} 1", "queue_depth");
    }

    @Test
    void aRetryQueuesAgainAsANewStep() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s1", "failed", "planner", "search").at(sec(1)),
                step("t1", "s1", "queued", "planner", "search").with("attempt", 2).at(sec(2)));

        scrape().assertExactly("queue_depth{capability=\"search\"} 1", "queue_depth");
    }

    @Test
    void aSecondRunningOrTerminalDoesNotLeaveTwice() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s2", "queued", "planner", "search").at(sec(0)),
                step("t1", "s1", "running", "planner", "search").at(sec(1)),
                step("t1", "s1", "running", "planner", "search").at(sec(2)),
                step("t1", "s1", "succeeded", "planner", "search").at(sec(3)),
                step("t1", "s1", "failed", "planner", "search").at(sec(4)));

        scrape().assertExactly("queue_depth{capability=\"search\"} 1", "queue_depth");
    }
}
