package dev.vigil.serdes.event;

/** {@code agent.call.completed}. Nullable fields are optional in the data. */
public record CallCompleted(EventMeta meta, String callId, String agentName, String capability,
                            String modelName, CallStatus status, double latencyMs, long inputTokens,
                            long outputTokens, String taskId, String stepId, Double costUsd,
                            String errorType) implements AgentEvent {
    @Override
    public String entityKey() {
        return callId;
    }
}
