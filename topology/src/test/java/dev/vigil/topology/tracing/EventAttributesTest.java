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
import io.opentelemetry.api.common.AttributeKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's span attributes (docs/observability.md), per event type: present where the event has the field. */
class EventAttributesTest {
    private static EventMeta meta(EventType type) {
        return new EventMeta("e-1", "orchestrator", type, Instant.parse("2026-01-15T10:00:00Z"), "subj", null, null);
    }

    /** The seed's attributes of an event, without the CloudEvents identification. */
    private static Map<String, Object> seed(AgentEvent event) {
        Map<String, Object> out = new HashMap<>();
        EventAttributes.of(event).forEach((AttributeKey<?> k, Object v) -> {
            if (!k.getKey().startsWith("cloudevents.")) {
                out.put(k.getKey(), v);
            }
        });
        return out;
    }

    @Test
    void everyEventIsIdentifiedByItsCloudEventsAttributes() {
        var attributes = EventAttributes.of(new PoolStatus(meta(EventType.POOL_STATUS), "browser", 4, null, null));
        assertThat(attributes.get(EventAttributes.EVENT_ID)).isEqualTo("e-1");
        assertThat(attributes.get(EventAttributes.EVENT_SOURCE)).isEqualTo("orchestrator");
        assertThat(attributes.get(EventAttributes.EVENT_TYPE)).isEqualTo("agent.pool.status");
        assertThat(attributes.get(EventAttributes.EVENT_SUBJECT)).isEqualTo("subj");
    }

    @Test
    void aTask() {
        assertThat(seed(new TaskStatusChanged(meta(EventType.TASK_STATUS_CHANGED), "t-1", TaskStatus.FAILED, 12.0,
                "oom", "acme"))).isEqualTo(Map.of("task_id", "t-1", "status", "failed", "error_type", "oom"));
        assertThat(seed(new TaskStatusChanged(meta(EventType.TASK_STATUS_CHANGED), "t-1", TaskStatus.RUNNING, null,
                null, null))).isEqualTo(Map.of("task_id", "t-1", "status", "running"));
    }

    @Test
    void aStep() {
        assertThat(seed(new StepStatusChanged(meta(EventType.STEP_STATUS_CHANGED), "t-1", "s-1", StepStatus.TIMED_OUT,
                "coder", "code", 2, null, "deadline")))
                .isEqualTo(Map.of("task_id", "t-1", "step_id", "s-1", "status", "timed_out", "agent_name", "coder",
                        "capability", "code", "error_type", "deadline"));
    }

    @Test
    void aCallCountsInputPlusOutputTokensAndItsOwnCost() {
        assertThat(seed(new CallCompleted(meta(EventType.CALL_COMPLETED), "c-1", "planner", "plan", "gpt-4o",
                CallStatus.OK, 120.0, 1000, 234, "t-1", "s-1", 0.0125, null, null, null)))
                .isEqualTo(Map.of("call_id", "c-1", "agent_name", "planner", "capability", "plan",
                        "model_name", "gpt-4o", "status", "ok", "tokens", 1234L, "cost_usd", 0.0125,
                        "task_id", "t-1", "step_id", "s-1"));
        assertThat(seed(new CallCompleted(meta(EventType.CALL_COMPLETED), "c-2", "planner", "plan", "gpt-4o",
                CallStatus.ERROR, 1.0, 0, 0, null, null, null, "rate_limited", null, null)))
                .as("no cost_usd of its own: the attribute is absent, not 0")
                .isEqualTo(Map.of("call_id", "c-2", "agent_name", "planner", "capability", "plan",
                        "model_name", "gpt-4o", "status", "error", "tokens", 0L, "error_type", "rate_limited"));
    }

    @Test
    void aLeaseAcquired() {
        assertThat(seed(new LeaseAcquired(meta(EventType.LEASE_ACQUIRED), "l-1", "chrome-7", "browser", "browser-agent",
                "t-1", null, 30_000L)))
                .isEqualTo(Map.of("lease_id", "l-1", "resource_id", "chrome-7", "agent_name", "browser-agent",
                        "task_id", "t-1"));
    }

    @Test
    void aLeaseReleased() {
        assertThat(seed(new LeaseReleased(meta(EventType.LEASE_RELEASED), "l-1", "browser", "chrome-7",
                ReleaseReason.EXPIRED))).isEqualTo(Map.of("lease_id", "l-1", "resource_id", "chrome-7"));
        assertThat(seed(new LeaseReleased(meta(EventType.LEASE_RELEASED), "l-1", "browser", null, null)))
                .isEqualTo(Map.of("lease_id", "l-1"));
    }

    @Test
    void aPoolStatusHasNoneOfTheSeedsFields() {
        assertThat(seed(new PoolStatus(meta(EventType.POOL_STATUS), "browser", 20, 18L, PoolState.DEGRADED))).isEmpty();
    }
}
