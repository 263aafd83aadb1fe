package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code task_duration_seconds{status}}: execution time of terminal tasks, on the first terminal only. */
class TaskDurationSecondsTest extends MetricsTopologyTest {

    @Test
    void theReportedDurationWinsAndAValueOnABoundLandsInThatBucket() {
        send(task("t1", "submitted").at(sec(0)),
                task("t1", "succeeded").with("duration_ms", 2500).at(sec(10)));

        scrape().assertExactly("""
                task_duration_seconds_bucket{status="succeeded",le="0.05"} 0
                task_duration_seconds_bucket{status="succeeded",le="0.1"} 0
                task_duration_seconds_bucket{status="succeeded",le="0.25"} 0
                task_duration_seconds_bucket{status="succeeded",le="0.5"} 0
                task_duration_seconds_bucket{status="succeeded",le="1.0"} 0
                task_duration_seconds_bucket{status="succeeded",le="2.5"} 1
                task_duration_seconds_bucket{status="succeeded",le="5.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="10.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="30.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="60.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="120.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="300.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="600.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="1800.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="3600.0"} 1
                task_duration_seconds_bucket{status="succeeded",le="+Inf"} 1
                task_duration_seconds_sum{status="succeeded"} 2.5
                task_duration_seconds_count{status="succeeded"} 1
                """, "task_duration_seconds");
    }

    @Test
    void withoutReportedDurationItIsTerminalTimeMinusSubmittedTime() {
        sendStructured(task("t1", "submitted").at(sec(0)), task("t1", "running").at(sec(5)),
                task("t1", "failed").at(sec(30)));

        scrape().assertIncludes("""
                task_duration_seconds_bucket{status="failed",le="10.0"} 0
                task_duration_seconds_bucket{status="failed",le="30.0"} 1
                task_duration_seconds_bucket{status="failed",le="+Inf"} 1
                task_duration_seconds_sum{status="failed"} 30
                task_duration_seconds_count{status="failed"} 1
                """);
    }

    @Test
    void aValueAboveTheLastBoundIsOnlyInInf() {
        send(task("t1", "succeeded").with("duration_ms", 7_200_000).at(sec(0)));

        scrape().assertIncludes("""
                task_duration_seconds_bucket{status="succeeded",le="3600.0"} 0
                task_duration_seconds_bucket{status="succeeded",le="+Inf"} 1
                task_duration_seconds_sum{status="succeeded"} 7200
                task_duration_seconds_count{status="succeeded"} 1
                """);
    }

    @Test
    void sumAndCountAddUpEveryTerminalTaskPerStatus() {
        send(task("t1", "succeeded").with("duration_ms", 500).at(sec(0)),
                task("t2", "succeeded").with("duration_ms", 1000).at(sec(1)),
                task("t3", "succeeded").with("duration_ms", 60_000).at(sec(2)),
                task("t4", "cancelled").with("duration_ms", 250).at(sec(3)));

        scrape().assertIncludes("""
                task_duration_seconds_bucket{status="succeeded",le="0.25"} 0
                task_duration_seconds_bucket{status="succeeded",le="0.5"} 1
                task_duration_seconds_bucket{status="succeeded",le="1.0"} 2
                task_duration_seconds_bucket{status="succeeded",le="30.0"} 2
                task_duration_seconds_bucket{status="succeeded",le="60.0"} 3
                task_duration_seconds_bucket{status="succeeded",le="+Inf"} 3
                task_duration_seconds_sum{status="succeeded"} 61.5
                task_duration_seconds_count{status="succeeded"} 3
                task_duration_seconds_bucket{status="cancelled",le="0.25"} 1
                task_duration_seconds_sum{status="cancelled"} 0.25
                task_duration_seconds_count{status="cancelled"} 1
                """);
    }

    @Test
    void aTerminalWithNoDurationAndNoKnownStartObservesNothing() {
        send(task("t1", "running").at(sec(0)), task("t1", "succeeded").at(sec(5)));

        scrape().assertAbsent("task_duration_seconds");
    }

    @Test
    void aSubmittedArrivingAfterTheTerminalObservesNoDurationRetroactively() {
        send(task("t1", "succeeded").at(sec(5)), task("t1", "submitted").at(sec(0)));

        scrape().assertAbsent("task_duration_seconds");
    }

    @Test
    void aTerminalTimedBeforeItsSubmittedObservesZero() {
        send(task("t1", "submitted").at(sec(10)), task("t1", "succeeded").at(sec(4)));

        scrape().assertIncludes("""
                task_duration_seconds_bucket{status="succeeded",le="0.05"} 1
                task_duration_seconds_sum{status="succeeded"} 0
                task_duration_seconds_count{status="succeeded"} 1
                """);
    }

    @Test
    void onlyTheFirstTerminalObservesADuration() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").with("duration_ms", 1000).at(sec(1)),
                task("t1", "failed").with("duration_ms", 2000).at(sec(2)));

        scrape().assertExactly("""
                task_duration_seconds_sum{status="succeeded"} 1
                task_duration_seconds_count{status="succeeded"} 1
                """, "task_duration_seconds_sum", "task_duration_seconds_count");
    }

    @Test
    void aRepeatedTerminalEventObservesOnce() {
        Event done = task("t1", "failed").with("duration_ms", 5000).at(sec(5));
        send(done);
        sendStructured(done);

        scrape().assertExactly("""
                task_duration_seconds_sum{status="failed"} 5
                task_duration_seconds_count{status="failed"} 1
                """, "task_duration_seconds_sum", "task_duration_seconds_count");
    }
}
