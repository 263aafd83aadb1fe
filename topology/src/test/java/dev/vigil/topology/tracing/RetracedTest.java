package dev.vigil.topology.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolState;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-stamping an event's trace context keeps every other field, for every event type. */
class RetracedTest {
    private static final String PRODUCER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String VIGIL = "00-4bf92f3577b34da6a3ce929d0e0e4736-b7ad6b7169203331-01";

    private static EventMeta meta(EventType type) {
        return new EventMeta("e-1", "orchestrator", type, Instant.parse("2026-01-15T10:00:00Z"), "subj", PRODUCER,
                "v=1");
    }

    @Test
    void everyTypeKeepsItsFieldsAndTakesTheNewContext() {
        List<AgentEvent> events = List.of(
                new TaskStatusChanged(meta(EventType.TASK_STATUS_CHANGED), "t-1", TaskStatus.FAILED, 12.0, "oom", "acme"),
                new StepStatusChanged(meta(EventType.STEP_STATUS_CHANGED), "t-1", "s-1", StepStatus.RUNNING, "coder",
                        "code", 2, 3.0, "x"),
                new CallCompleted(meta(EventType.CALL_COMPLETED), "c-1", "planner", "plan", "gpt-4o", CallStatus.OK,
                        120.0, 10, 20, "t-1", "s-1", 0.5, "e", 4L, "acme"),
                new LeaseAcquired(meta(EventType.LEASE_ACQUIRED), "l-1", "r-1", "browser", "a", "t-1", "s-1", 1000L),
                new LeaseReleased(meta(EventType.LEASE_RELEASED), "l-1", "browser", "r-1", ReleaseReason.REVOKED),
                new PoolStatus(meta(EventType.POOL_STATUS), "browser", 20, 19L, PoolState.HEALTHY));
        for (AgentEvent event : events) {
            AgentEvent retraced = Retraced.withTraceContext(event, VIGIL, null);
            assertThat(retraced).isInstanceOf(event.getClass()).isNotEqualTo(event);
            assertThat(retraced.meta().traceparent()).isEqualTo(VIGIL);
            assertThat(retraced.meta().tracestate()).isNull();
            assertThat(Retraced.withTraceContext(retraced, PRODUCER, "v=1"))
                    .as("only the trace context changed: %s", event.getClass().getSimpleName()).isEqualTo(event);
        }
    }
}
