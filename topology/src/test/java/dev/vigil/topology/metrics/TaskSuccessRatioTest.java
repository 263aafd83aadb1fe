package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.T0;
import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import dev.vigil.topology.metrics.Events.Event;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code task_success_ratio{window}}: succeeded / terminal tasks over the last 5 buckets of W/5
 * ending with the clock's bucket, the clock being the latest observation's event time.
 */
class TaskSuccessRatioTest extends MetricsTopologyTest {

    @Test
    void isSucceededOverFirstTerminalsInBothWindows() {
        send(task("t1", "succeeded").at(sec(1)), task("t2", "succeeded").at(sec(2)),
                task("t3", "succeeded").at(sec(3)), task("t4", "failed").at(sec(4)),
                task("t5", "cancelled").at(sec(5)), task("t6", "submitted").at(sec(6)),
                task("t6", "running").at(sec(7)));

        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0.6
                task_success_ratio{window="1h"} 0.6
                """, "task_success_ratio");
    }

    @Test
    void isAbsentWhileNoTaskIsTerminal() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "running").at(sec(1)));

        scrape().assertAbsent("task_success_ratio");
    }

    @Test
    void onlyTheFirstTerminalOfATaskIsObserved() {
        send(task("t1", "failed").at(sec(0)), task("t1", "succeeded").at(sec(1)), task("t1", "succeeded").at(sec(2)));

        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0
                """, "task_success_ratio");
    }

    @Test
    void aRepeatedTerminalEventIsObservedOnce() {
        Event ok = task("t1", "succeeded").at(sec(0));
        send(ok);
        sendStructured(ok);
        send(task("t2", "failed").at(sec(1)));

        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0.5
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");
    }

    @Test
    void theFiveMinuteWindowDropsItsOldestMinuteBucketAsTheClockAdvances() {
        send(task("t1", "succeeded").at(T0), task("t2", "failed").at(min(5).minusMillis(1)));
        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0.5
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");

        send(task("t3", "failed").at(min(5)));
        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0.3333333333333333
                """, "task_success_ratio");
    }

    @Test
    void theHourWindowHasTwelveMinuteBuckets() {
        send(task("t1", "succeeded").at(T0), task("t2", "failed").at(min(59)));
        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");

        send(task("t3", "failed").at(min(60)));
        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0
                """, "task_success_ratio");
    }

    @Test
    void observationsOlderThanTheWindowFallOutAsTheClockAdvances() {
        send(task("t1", "succeeded").at(T0), task("t2", "failed").at(min(20)));

        scrape().assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");

        send(task("t3", "succeeded").at(min(80)));
        scrape().assertExactly("""
                task_success_ratio{window="5m"} 1
                task_success_ratio{window="1h"} 1
                """, "task_success_ratio");
    }

    @Test
    void theClockIsTheLatestObservationNotTheLatestEvent() {
        send(task("t1", "succeeded").at(T0), task("t2", "submitted").at(min(30)), task("t2", "running").at(min(31)));

        scrape().assertExactly("""
                task_success_ratio{window="5m"} 1
                task_success_ratio{window="1h"} 1
                """, "task_success_ratio");
    }

    @Test
    void aTerminalLateButWithinGraceIsCountedInTheWindows() {
        send(task("t2", "failed").at(min(10)), task("t1", "succeeded").at(min(6)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                task_success_ratio{window="5m"} 0.5
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");
        m.assertAbsent("vigil_late_events_total");
    }

    @Test
    void aTerminalExactlyGraceBeforeStreamTimeIsNotLate() {
        send(task("t2", "failed").at(min(10)), task("t1", "succeeded").at(min(5)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0.5
                """, "task_success_ratio");
        m.assertAbsent("vigil_late_events_total");
    }

    @Test
    void aTerminalLaterThanGraceIsLeftOutOfTheWindowsButCountedEverywhereElse() {
        send(task("t2", "failed").at(min(10)),
                task("t1", "submitted").at(min(4)),
                task("t1", "succeeded").at(min(5).minus(Duration.ofMillis(1))));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                task_success_ratio{window="5m"} 0
                task_success_ratio{window="1h"} 0
                """, "task_success_ratio");
        m.assertExactly("""
                task_total{status="submitted"} 1
                task_total{status="succeeded"} 1
                task_total{status="failed"} 1
                """, "task_total");
        m.assertIncludes("""
                task_duration_seconds_sum{status="succeeded"} 59.999
                task_duration_seconds_count{status="succeeded"} 1
                vigil_late_events_total{type="agent.task.status_changed"} 2
                """);
    }
}
