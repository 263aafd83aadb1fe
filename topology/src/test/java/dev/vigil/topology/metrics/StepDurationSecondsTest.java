package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.step;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/**
 * {@code step_duration_seconds{agent_name,capability,status}}: on a step's first terminal status,
 * the reported duration, else terminal time − first running time; labels from the terminal event.
 */
class StepDurationSecondsTest extends MetricsTopologyTest {

    @Test
    void isTerminalTimeMinusFirstRunningTimeAndLandsOnItsBound() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s1", "running", "planner", "search").at(sec(1)),
                step("t1", "s1", "running", "planner", "search").at(sec(3)),
                step("t1", "s1", "succeeded", "planner", "search").at(sec(6)));

        scrape().assertExactly("""
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="0.05"} 0
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="0.1"} 0
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="0.25"} 0
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="0.5"} 0
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="1.0"} 0
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="2.5"} 0
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="5.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="10.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="30.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="60.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="120.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="300.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="600.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="1800.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="3600.0"} 1
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="+Inf"} 1
                step_duration_seconds_sum{agent_name="planner",capability="search",status="succeeded"} 5
                step_duration_seconds_count{agent_name="planner",capability="search",status="succeeded"} 1
                """, "step_duration_seconds");
    }

    @Test
    void theReportedDurationWins() {
        sendStructured(step("t1", "s1", "running", "planner", "search").at(sec(0)),
                step("t1", "s1", "timed_out", "planner", "search").with("duration_ms", 250).at(sec(20)));

        scrape().assertExactly("""
                step_duration_seconds_sum{agent_name="planner",capability="search",status="timed_out"} 0.25
                step_duration_seconds_count{agent_name="planner",capability="search",status="timed_out"} 1
                """, "step_duration_seconds_sum", "step_duration_seconds_count");
    }

    @Test
    void aTerminalWithoutRunningAndWithoutDurationObservesNothing() {
        send(step("t1", "s1", "queued", "planner", "search").at(sec(0)),
                step("t1", "s1", "cancelled", "planner", "search").at(sec(4)));

        scrape().assertAbsent("step_duration_seconds");
    }

    @Test
    void aRetryIsANewStepAndAttemptDefaultsToOne() {
        send(step("t1", "s1", "running", "planner", "search").at(sec(0)),
                step("t1", "s1", "failed", "planner", "search").with("attempt", 1).at(sec(2)),
                step("t1", "s1", "running", "planner", "search").with("attempt", 2).at(sec(3)),
                step("t1", "s1", "succeeded", "planner", "search").with("attempt", 2).at(sec(13)));

        scrape().assertExactly("""
                step_duration_seconds_sum{agent_name="planner",capability="search",status="failed"} 2
                step_duration_seconds_count{agent_name="planner",capability="search",status="failed"} 1
                step_duration_seconds_sum{agent_name="planner",capability="search",status="succeeded"} 10
                step_duration_seconds_count{agent_name="planner",capability="search",status="succeeded"} 1
                """, "step_duration_seconds_sum", "step_duration_seconds_count");
    }

    @Test
    void labelsComeFromTheTerminalEvent() {
        send(step("t1", "s1", "running", "planner", "search").at(sec(0)),
                step("t1", "s1", "succeeded", "executor", "browse").at(sec(1)));

        scrape().assertExactly("""
                step_duration_seconds_sum{agent_name="executor",capability="browse",status="succeeded"} 1
                step_duration_seconds_count{agent_name="executor",capability="browse",status="succeeded"} 1
                """, "step_duration_seconds_sum", "step_duration_seconds_count");
    }

    @Test
    void aSecondTerminalAndARunningAfterTheTerminalChangeNothing() {
        send(step("t1", "s1", "running", "planner", "search").at(sec(0)),
                step("t1", "s1", "succeeded", "planner", "search").at(sec(2)),
                step("t1", "s1", "running", "planner", "search").at(sec(3)),
                step("t1", "s1", "failed", "planner", "search").at(sec(5)));

        scrape().assertExactly("""
                step_duration_seconds_sum{agent_name="planner",capability="search",status="succeeded"} 2
                step_duration_seconds_count{agent_name="planner",capability="search",status="succeeded"} 1
                """, "step_duration_seconds_sum", "step_duration_seconds_count");
    }

    @Test
    void aTerminalTimedBeforeItsRunningObservesZero() {
        send(step("t1", "s1", "running", "planner", "search").at(sec(10)),
                step("t1", "s1", "succeeded", "planner", "search").at(sec(4)));

        scrape().assertIncludes("""
                step_duration_seconds_bucket{agent_name="planner",capability="search",status="succeeded",le="0.05"} 1
                step_duration_seconds_sum{agent_name="planner",capability="search",status="succeeded"} 0
                step_duration_seconds_count{agent_name="planner",capability="search",status="succeeded"} 1
                """);
    }

    @Test
    void aRepeatedTerminalEventObservesOnce() {
        Event done = step("t1", "s1", "succeeded", "planner", "search").with("duration_ms", 1000).at(sec(1));
        send(done);
        sendStructured(done);
        send(done);

        scrape().assertExactly("""
                step_duration_seconds_sum{agent_name="planner",capability="search",status="succeeded"} 1
                step_duration_seconds_count{agent_name="planner",capability="search",status="succeeded"} 1
                """, "step_duration_seconds_sum", "step_duration_seconds_count");
    }
}
