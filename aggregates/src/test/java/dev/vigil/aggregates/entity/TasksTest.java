package dev.vigil.aggregates.entity;

import static dev.vigil.aggregates.Events.T0;
import static dev.vigil.aggregates.Events.task;
import static dev.vigil.serdes.event.TaskStatus.CANCELLED;
import static dev.vigil.serdes.event.TaskStatus.FAILED;
import static dev.vigil.serdes.event.TaskStatus.RUNNING;
import static dev.vigil.serdes.event.TaskStatus.SUBMITTED;
import static dev.vigil.serdes.event.TaskStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.TaskStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TasksTest {
    private static final SeriesUpdate LATE = Lateness.counted(EventType.TASK_STATUS_CHANGED);

    private static SeriesUpdate count(TaskStatus s) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.TASK_TOTAL, s.wireName()), 1);
    }

    private static SeriesUpdate active(int delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_TASKS), delta);
    }

    private static SeriesUpdate duration(TaskStatus s, double seconds) {
        return new SeriesUpdate.Observe(SeriesKey.of(Metric.TASK_DURATION_SECONDS, s.wireName()), seconds);
    }

    private static SeriesUpdate ratio(long t, boolean success) {
        return new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.TASK_SUCCESS_RATIO), t, success);
    }

    private TaskState state;

    private List<SeriesUpdate> apply(TaskStatus status, long t) {
        return apply(status, t, null, false);
    }

    private List<SeriesUpdate> apply(TaskStatus status, long t, Double durationMs, boolean late) {
        Transition<TaskState> tr = Tasks.apply(state, task(status, t, durationMs), late);
        state = tr.next();
        // The tenant count and the cost observation ride along each status count: tested on their own below.
        return tr.updates().stream().filter(u -> u.key().metric() != Metric.TENANT_TASKS_TOTAL
                && u.key().metric() != Metric.TASK_COST_USD).toList();
    }

    @Test
    void eachCountedStatusIsCountedForTheTenantKnownThenAndTheEndObservesTheCost() {
        Transition<TaskState> submitted = Tasks.apply(null, task(SUBMITTED, T0, null), false);
        assertThat(submitted.updates()).contains(tenantCount("unknown", SUBMITTED));
        TaskState withCalls = submitted.next().plusCost(0.25).plusCost(0.5);
        Transition<TaskState> running = Tasks.apply(withCalls, taskOf("acme", RUNNING, T0 + 1), false);
        assertThat(running.next().tenant()).isEqualTo("acme");
        Transition<TaskState> other = Tasks.apply(running.next(), taskOf("globex", FAILED, T0 + 2), false);
        assertThat(other.next().tenant()).as("the first tenant stays").isEqualTo("acme");
        assertThat(other.updates()).contains(tenantCount("acme", FAILED),
                new SeriesUpdate.Observe(SeriesKey.of(Metric.TASK_COST_USD, "failed"), 0.75));
        assertThat(Tasks.apply(other.next(), taskOf("acme", SUCCEEDED, T0 + 3), false).updates())
                .as("a second terminal status counts nothing").isEmpty();
    }

    @Test
    void aTaskWithoutCallsCostsZero() {
        assertThat(Tasks.apply(null, task(SUCCEEDED, T0, null), false).updates())
                .contains(new SeriesUpdate.Observe(SeriesKey.of(Metric.TASK_COST_USD, "succeeded"), 0.0));
    }

    private static SeriesUpdate tenantCount(String tenant, TaskStatus s) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.TENANT_TASKS_TOTAL, tenant, s.wireName()), 1);
    }

    private static dev.vigil.serdes.event.TaskStatusChanged taskOf(String tenant, TaskStatus s, long t) {
        dev.vigil.serdes.event.TaskStatusChanged e = task(s, t, null);
        return new dev.vigil.serdes.event.TaskStatusChanged(e.meta(), e.taskId(), e.status(), e.durationMs(),
                e.errorType(), tenant);
    }

    @Test
    void inOrderLifecycle() {
        assertThat(apply(SUBMITTED, T0)).containsExactly(count(SUBMITTED), active(1));
        assertThat(apply(RUNNING, T0 + 1000)).isEmpty();
        assertThat(apply(SUCCEEDED, T0 + 3000)).containsExactly(count(SUCCEEDED), active(-1),
                duration(SUCCEEDED, 3.0), ratio(T0 + 3000, true));
        assertThat(state).isEqualTo(new TaskState(true, T0, false, SUCCEEDED, T0 + 3000));
    }

    @Test
    void reportedDurationWinsOverDerived() {
        apply(SUBMITTED, T0);
        assertThat(apply(FAILED, T0 + 3000, 1234.5, false))
                .containsExactly(count(FAILED), active(-1), duration(FAILED, 1.2345), ratio(T0 + 3000, false));
    }

    @Test
    void terminalFirstIsNeverActiveAndObservesNoDuration() {
        assertThat(apply(SUCCEEDED, T0)).containsExactly(count(SUCCEEDED), ratio(T0, true));
        assertThat(state.active()).isFalse();
    }

    @Test
    void lateSubmittedAfterTerminalCountsButNeitherReopensNorObservesDuration() {
        apply(SUCCEEDED, T0 + 5000);
        assertThat(apply(SUBMITTED, T0)).containsExactly(count(SUBMITTED));
        assertThat(state).isEqualTo(new TaskState(true, T0, false, SUCCEEDED, T0 + 5000));
        assertThat(apply(RUNNING, T0 + 1000)).isEmpty();
        assertThat(state.active()).isFalse();
    }

    @Test
    void runningAfterTerminalChangesNothing() {
        apply(SUBMITTED, T0);
        apply(CANCELLED, T0 + 1000);
        TaskState before = state;
        assertThat(apply(RUNNING, T0 + 2000)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} then {1}: the second terminal changes nothing")
    @CsvSource({"SUCCEEDED, FAILED", "FAILED, SUCCEEDED", "CANCELLED, SUCCEEDED", "SUCCEEDED, SUCCEEDED"})
    void secondTerminalChangesNothing(TaskStatus first, TaskStatus second) {
        apply(SUBMITTED, T0);
        apply(first, T0 + 1000);
        TaskState before = state;
        assertThat(apply(second, T0 + 2000, 50.0, false)).isEmpty();
        assertThat(state).isEqualTo(before);
        assertThat(state.terminal()).isEqualTo(first);
    }

    @Test
    void submittedCountsOnce() {
        apply(SUBMITTED, T0);
        TaskState before = state;
        assertThat(apply(SUBMITTED, T0 + 10)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void runningBeforeSubmittedActivatesOnceAndSubmittedStillCounts() {
        assertThat(apply(RUNNING, T0 + 1000)).containsExactly(active(1));
        assertThat(apply(SUBMITTED, T0)).containsExactly(count(SUBMITTED));
        assertThat(apply(RUNNING, T0 + 1500)).isEmpty();
        // the duration is derived from submitted even though it arrived after running
        assertThat(apply(SUCCEEDED, T0 + 4000)).containsExactly(count(SUCCEEDED), active(-1),
                duration(SUCCEEDED, 4.0), ratio(T0 + 4000, true));
    }

    @Test
    void runningWithoutSubmittedObservesNoDuration() {
        apply(RUNNING, T0);
        assertThat(apply(FAILED, T0 + 1000)).containsExactly(count(FAILED), active(-1), ratio(T0 + 1000, false));
    }

    @Test
    void derivedDurationIsNotBelowZero() {
        apply(SUBMITTED, T0 + 5000);
        assertThat(apply(SUCCEEDED, T0)).contains(duration(SUCCEEDED, 0.0));
    }

    @ParameterizedTest(name = "{0} is a {1} observation")
    @CsvSource({"SUCCEEDED, true", "FAILED, false", "CANCELLED, false"})
    void ratioSuccessOnlyForSucceeded(TaskStatus terminal, boolean success) {
        assertThat(apply(terminal, T0)).contains(ratio(T0, success));
    }

    @Test
    void lateTerminalUpdatesEverythingButTheWindowAndIsCounted() {
        apply(SUBMITTED, T0);
        assertThat(apply(SUCCEEDED, T0 + 2000, null, true))
                .containsExactly(count(SUCCEEDED), active(-1), duration(SUCCEEDED, 2.0), LATE);
    }

    @Test
    void everyLateEventIsCountedEvenWhenItChangesNothing() {
        assertThat(apply(SUBMITTED, T0, null, true)).containsExactly(count(SUBMITTED), active(1), LATE);
        assertThat(apply(SUBMITTED, T0, null, true)).containsExactly(LATE);
        assertThat(apply(RUNNING, T0, null, true)).containsExactly(LATE);
    }

    @Test
    void terminalStatuses() {
        assertThat(List.of(TaskStatus.values()).stream().filter(Tasks::isTerminal))
                .containsExactly(SUCCEEDED, FAILED, CANCELLED);
        assertThat(Tasks.apply(null, task(SUCCEEDED, T0), false).next().isTerminal()).isTrue();
    }
}
