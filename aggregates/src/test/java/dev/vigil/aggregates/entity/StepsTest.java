package dev.vigil.aggregates.entity;

import static dev.vigil.aggregates.Events.T0;
import static dev.vigil.aggregates.Events.step;
import static dev.vigil.serdes.event.StepStatus.CANCELLED;
import static dev.vigil.serdes.event.StepStatus.FAILED;
import static dev.vigil.serdes.event.StepStatus.QUEUED;
import static dev.vigil.serdes.event.StepStatus.RUNNING;
import static dev.vigil.serdes.event.StepStatus.SUCCEEDED;
import static dev.vigil.serdes.event.StepStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.Events;
import dev.vigil.aggregates.Lateness;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StepsTest {
    private StepState state;

    private static SeriesUpdate queue(String capability, int delta) {
        return new SeriesUpdate.Add(SeriesKey.of(Metric.QUEUE_DEPTH, capability), delta);
    }

    private static SeriesUpdate duration(String agent, String capability, StepStatus s, double seconds) {
        return new SeriesUpdate.Observe(SeriesKey.of(Metric.STEP_DURATION_SECONDS, agent, capability, s.wireName()),
                seconds);
    }

    private List<SeriesUpdate> apply(StepStatusChanged event, boolean late) {
        Transition<StepState> tr = Steps.apply(state, event, late);
        state = tr.next();
        return tr.updates();
    }

    private List<SeriesUpdate> apply(StepStatus status, long t) {
        return apply(step(status, t), false);
    }

    @Test
    void queuedRunningTerminal() {
        assertThat(apply(QUEUED, T0)).containsExactly(queue("plan", 1));
        assertThat(state.inQueue()).isTrue();
        assertThat(apply(RUNNING, T0 + 1000)).containsExactly(queue("plan", -1));
        assertThat(apply(SUCCEEDED, T0 + 3500)).containsExactly(duration("planner", "plan", SUCCEEDED, 2.5));
        assertThat(state).isEqualTo(new StepState(true, null, true, T0 + 1000, SUCCEEDED, T0 + 3500));
    }

    @Test
    void queuedThenTerminalLeavesTheQueueWithoutDuration() {
        apply(QUEUED, T0);
        assertThat(apply(CANCELLED, T0 + 1000)).containsExactly(queue("plan", -1));
    }

    @Test
    void reportedDurationWins() {
        apply(RUNNING, T0);
        assertThat(apply(step(FAILED, T0 + 9000, "planner", "plan", 250.0), false))
                .containsExactly(duration("planner", "plan", FAILED, 0.25));
    }

    @Test
    void queueLabelComesFromTheQueuedEventDurationLabelsFromTheTerminalOne() {
        apply(step(QUEUED, T0, "planner", "search", null), false);
        assertThat(apply(step(RUNNING, T0 + 1000, "worker", "browse", null), false))
                .containsExactly(queue("search", -1));
        assertThat(apply(step(TIMED_OUT, T0 + 2000, "worker", "browse", null), false))
                .containsExactly(duration("worker", "browse", TIMED_OUT, 1.0));
    }

    @Test
    void queuedAfterRunningIsNotCounted() {
        apply(RUNNING, T0 + 1000);
        assertThat(apply(QUEUED, T0)).isEmpty();
        assertThat(state.inQueue()).isFalse();
    }

    @Test
    void queuedAfterTerminalIsNotCountedAndRunningAfterTerminalIsIgnored() {
        apply(SUCCEEDED, T0 + 2000);
        StepState before = state;
        assertThat(apply(QUEUED, T0)).isEmpty();
        assertThat(apply(RUNNING, T0 + 1000)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void secondQueuedAndSecondRunningChangeNothing() {
        apply(QUEUED, T0);
        assertThat(apply(QUEUED, T0 + 1)).isEmpty();
        apply(RUNNING, T0 + 1000);
        StepState before = state;
        assertThat(apply(RUNNING, T0 + 2000)).isEmpty();
        assertThat(state).isEqualTo(before);
        // a later running does not move the start of the duration
        assertThat(apply(SUCCEEDED, T0 + 3000)).containsExactly(duration("planner", "plan", SUCCEEDED, 2.0));
    }

    @Test
    void secondTerminalChangesNothing() {
        apply(QUEUED, T0);
        apply(FAILED, T0 + 1000);
        StepState before = state;
        assertThat(apply(SUCCEEDED, T0 + 2000)).isEmpty();
        assertThat(state).isEqualTo(before);
    }

    @Test
    void terminalFirstObservesNoDuration() {
        assertThat(apply(SUCCEEDED, T0)).isEmpty();
        assertThat(state.isTerminal()).isTrue();
    }

    @Test
    void derivedDurationIsNotBelowZero() {
        apply(RUNNING, T0 + 5000);
        assertThat(apply(SUCCEEDED, T0)).containsExactly(duration("planner", "plan", SUCCEEDED, 0.0));
    }

    @Test
    void lateStepEventsAreCountedOnly() {
        SeriesUpdate late = Lateness.counted(EventType.STEP_STATUS_CHANGED);
        assertThat(apply(step(QUEUED, T0), true)).containsExactly(queue("plan", 1), late);
        assertThat(apply(step(QUEUED, T0), true)).containsExactly(late);
    }

    @ParameterizedTest
    @EnumSource(StepStatus.class)
    void terminalStatuses(StepStatus status) {
        assertThat(Steps.isTerminal(status)).isEqualTo(status != QUEUED && status != RUNNING);
    }

    @Test
    void aRetryIsANewStep() {
        StepStatusChanged first = step(QUEUED, T0);
        StepStatusChanged retry = new StepStatusChanged(Events.meta(EventType.STEP_STATUS_CHANGED, T0), "t-1", "s-1",
                QUEUED, "planner", "plan", 2, null, null);
        assertThat(Steps.key(first)).isEqualTo(new StepKey("t-1", "s-1", 1));
        assertThat(Steps.key(retry)).isNotEqualTo(Steps.key(first));
    }

    @Test
    void stepKeyEncodingIsUnambiguous() {
        for (StepKey k : List.of(new StepKey("t-1", "s-1", 1), new StepKey("t:1", "2:s", 12), new StepKey("", "", 3),
                new StepKey("a1", "1", 1), new StepKey("a", "11", 1))) {
            assertThat(StepKey.decode(k.encode())).isEqualTo(k);
        }
        assertThat(new StepKey("a1", "1", 1).encode()).isNotEqualTo(new StepKey("a", "11", 1).encode());
        assertThat(new StepKey("t-1", "s-1", 2).encode()).isEqualTo("3:t-13:s-12");
        assertThatThrownBy(() -> StepKey.decode("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StepKey("t", "s", 0)).hasMessageContaining("attempt");
    }
}
