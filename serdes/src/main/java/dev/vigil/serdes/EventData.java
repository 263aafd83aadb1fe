package dev.vigil.serdes;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolState;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The {@code data} object of each docs/events.md type, JSON → typed record (validating, field by
 * field in the table's order). The JSON Schemas under {@code vigil/schemas/} describe the same rules.
 */
final class EventData {

    static final String TASK_STATUSES = allowed(TaskStatus.values(), TaskStatus::wireName);
    static final String STEP_STATUSES = allowed(StepStatus.values(), StepStatus::wireName);
    static final String CALL_STATUSES = allowed(CallStatus.values(), CallStatus::wireName);
    static final String RELEASE_REASONS = allowed(ReleaseReason.values(), ReleaseReason::wireName);
    static final String POOL_STATES = allowed(PoolState.values(), PoolState::wireName);

    private static final Function<String, TaskStatus> TASK_STATUS = TaskStatus::fromWireName;
    private static final Function<String, StepStatus> STEP_STATUS = StepStatus::fromWireName;
    private static final Function<String, CallStatus> CALL_STATUS = CallStatus::fromWireName;
    private static final Function<String, ReleaseReason> RELEASE_REASON = ReleaseReason::fromWireName;
    private static final Function<String, PoolState> POOL_STATE = PoolState::fromWireName;

    private EventData() {
    }

    private static <E> String allowed(E[] values, Function<E, String> wire) {
        return Arrays.stream(values).map(wire).collect(Collectors.joining(", "));
    }

    /**
     * Maps the data object read by {@code r} to the record of {@code meta.type()}; returns null when
     * a field is missing, of the wrong type or out of range, and then {@code r.error()} says which.
     */
    static AgentEvent read(EventMeta meta, FieldReader r) {
        switch (meta.type()) {
            case TASK_STATUS_CHANGED: {
                String taskId = r.requiredString("task_id");
                TaskStatus status = r.requiredEnum("status", TASK_STATUS, TASK_STATUSES);
                Double durationMs = r.optionalNonNegative("duration_ms", Bounds.DURATION_MS);
                String errorType = r.optionalString("error_type");
                String tenant = r.optionalString("tenant");
                return r.failed() ? null : new TaskStatusChanged(meta, taskId, status, durationMs, errorType, tenant);
            }
            case STEP_STATUS_CHANGED: {
                String taskId = r.requiredString("task_id");
                String stepId = r.requiredString("step_id");
                StepStatus status = r.requiredEnum("status", STEP_STATUS, STEP_STATUSES);
                String agentName = r.requiredString("agent_name");
                String capability = r.requiredString("capability");
                Long attempt = r.optionalInteger("attempt", 1, Bounds.ATTEMPT);
                Double durationMs = r.optionalNonNegative("duration_ms", Bounds.DURATION_MS);
                String errorType = r.optionalString("error_type");
                return r.failed() ? null : new StepStatusChanged(meta, taskId, stepId, status, agentName, capability,
                        attempt == null ? 1 : attempt.intValue(), durationMs, errorType);
            }
            case CALL_COMPLETED: {
                String callId = r.requiredString("call_id");
                String agentName = r.requiredString("agent_name");
                String capability = r.requiredString("capability");
                String modelName = r.requiredString("model_name");
                CallStatus status = r.requiredEnum("status", CALL_STATUS, CALL_STATUSES);
                double latencyMs = r.requiredNonNegative("latency_ms", Bounds.DURATION_MS);
                long inputTokens = r.requiredInteger("input_tokens", 0, Bounds.TOKENS);
                long outputTokens = r.requiredInteger("output_tokens", 0, Bounds.TOKENS);
                String taskId = r.optionalString("task_id");
                String stepId = r.optionalString("step_id");
                Double costUsd = r.optionalNonNegative("cost_usd", Bounds.COST_USD);
                String errorType = r.optionalString("error_type");
                Long cachedInputTokens = r.optionalInteger("cached_input_tokens", 0, Bounds.TOKENS);
                r.atMost("cached_input_tokens", cachedInputTokens, "input_tokens", inputTokens);
                String tenant = r.optionalString("tenant");
                return r.failed() ? null : new CallCompleted(meta, callId, agentName, capability, modelName, status,
                        latencyMs, inputTokens, outputTokens, taskId, stepId, costUsd, errorType, cachedInputTokens,
                        tenant);
            }
            case LEASE_ACQUIRED: {
                String leaseId = r.requiredString("lease_id");
                String resourceId = r.requiredString("resource_id");
                String pool = r.requiredString("pool");
                String agentName = r.optionalString("agent_name");
                String taskId = r.optionalString("task_id");
                String stepId = r.optionalString("step_id");
                Long ttlMs = r.optionalPositiveInteger("ttl_ms", Bounds.TTL_MS);
                return r.failed() ? null : new LeaseAcquired(meta, leaseId, resourceId, pool, agentName, taskId, stepId, ttlMs);
            }
            case LEASE_RELEASED: {
                String leaseId = r.requiredString("lease_id");
                String pool = r.requiredString("pool");
                String resourceId = r.optionalString("resource_id");
                ReleaseReason reason = r.optionalEnum("reason", RELEASE_REASON, RELEASE_REASONS);
                return r.failed() ? null : new LeaseReleased(meta, leaseId, pool, resourceId, reason);
            }
            case POOL_STATUS: {
                String pool = r.requiredString("pool");
                long capacity = r.requiredInteger("capacity", 0, Bounds.POOL_SIZE);
                Long healthy = r.optionalInteger("healthy", 0, Bounds.POOL_SIZE);
                PoolState state = r.optionalEnum("state", POOL_STATE, POOL_STATES);
                return r.failed() ? null : new PoolStatus(meta, pool, capacity, healthy, state);
            }
            default:
                throw new IllegalStateException("no data mapping for " + meta.type());
        }
    }
}
