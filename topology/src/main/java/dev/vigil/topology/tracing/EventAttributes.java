package dev.vigil.topology.tracing;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatusChanged;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The span attributes of an accepted event: the seed's attribute names of docs/observability.md, where the
 * event has the field, plus the CloudEvents semantic-convention attributes that identify it.
 * {@code tokens} is input + output tokens; {@code cost_usd} is the event's own figure (the price
 * table is applied later, in the aggregates, and is not known at ingest).
 */
public final class EventAttributes {
    public static final AttributeKey<String> TASK_ID = AttributeKey.stringKey("task_id");
    public static final AttributeKey<String> STEP_ID = AttributeKey.stringKey("step_id");
    public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("call_id");
    public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("agent_name");
    public static final AttributeKey<String> CAPABILITY = AttributeKey.stringKey("capability");
    public static final AttributeKey<String> LEASE_ID = AttributeKey.stringKey("lease_id");
    public static final AttributeKey<String> RESOURCE_ID = AttributeKey.stringKey("resource_id");
    public static final AttributeKey<String> MODEL_NAME = AttributeKey.stringKey("model_name");
    public static final AttributeKey<Long> TOKENS = AttributeKey.longKey("tokens");
    public static final AttributeKey<Double> COST_USD = AttributeKey.doubleKey("cost_usd");
    public static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error_type");

    public static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    public static final AttributeKey<String> EVENT_SOURCE = AttributeKey.stringKey("cloudevents.event_source");
    public static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");
    public static final AttributeKey<String> EVENT_SUBJECT = AttributeKey.stringKey("cloudevents.event_subject");

    private EventAttributes() {
    }

    public static Attributes of(AgentEvent event) {
        AttributesBuilder b = Attributes.builder();
        EventMeta meta = event.meta();
        b.put(EVENT_ID, meta.id());
        b.put(EVENT_SOURCE, meta.source());
        b.put(EVENT_TYPE, meta.type().wireName());
        put(b, EVENT_SUBJECT, meta.subject());
        // instanceof, not a switch: pattern matching for switch is not final in Java 17.
        if (event instanceof TaskStatusChanged e) {
            b.put(TASK_ID, e.taskId());
            b.put(STATUS, e.status().wireName());
            put(b, ERROR_TYPE, e.errorType());
        } else if (event instanceof StepStatusChanged e) {
            b.put(TASK_ID, e.taskId());
            b.put(STEP_ID, e.stepId());
            b.put(AGENT_NAME, e.agentName());
            b.put(CAPABILITY, e.capability());
            b.put(STATUS, e.status().wireName());
            put(b, ERROR_TYPE, e.errorType());
        } else if (event instanceof CallCompleted e) {
            b.put(CALL_ID, e.callId());
            b.put(AGENT_NAME, e.agentName());
            b.put(CAPABILITY, e.capability());
            b.put(MODEL_NAME, e.modelName());
            b.put(STATUS, e.status().wireName());
            b.put(TOKENS, e.inputTokens() + e.outputTokens());
            if (e.costUsd() != null) {
                b.put(COST_USD, e.costUsd());
            }
            put(b, TASK_ID, e.taskId());
            put(b, STEP_ID, e.stepId());
            put(b, ERROR_TYPE, e.errorType());
        } else if (event instanceof LeaseAcquired e) {
            b.put(LEASE_ID, e.leaseId());
            b.put(RESOURCE_ID, e.resourceId());
            put(b, AGENT_NAME, e.agentName());
            put(b, TASK_ID, e.taskId());
            put(b, STEP_ID, e.stepId());
        } else if (event instanceof LeaseReleased e) {
            b.put(LEASE_ID, e.leaseId());
            put(b, RESOURCE_ID, e.resourceId());
        }
        // agent.pool.status has none of the seed's fields (its state is not a task or call status).
        return b.build();
    }

    private static void put(AttributesBuilder b, AttributeKey<String> key, String value) {
        if (value != null) {
            b.put(key, value);
        }
    }
}
