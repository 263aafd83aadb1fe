package dev.vigil.serdes.event;

/**
 * {@code agent.call.completed}. Nullable fields are optional in the data.
 *
 * @param cachedInputTokens the part of {@code inputTokens} the provider served from its prompt cache
 *                          (at most {@code inputTokens}), or null when the call does not say
 * @param tenant            the call's own tenant, or null: it then takes its task's (docs/aggregates.md)
 */
public record CallCompleted(EventMeta meta, String callId, String agentName, String capability,
                            String modelName, CallStatus status, double latencyMs, long inputTokens,
                            long outputTokens, String taskId, String stepId, Double costUsd,
                            String errorType, Long cachedInputTokens, String tenant) implements AgentEvent {
    /**
     * The call's task when it names one (so that the call is applied where its task's state is: its
     * tenant, its cost), else the call itself.
     */
    @Override
    public String entityKey() {
        return taskId != null ? taskId : callId;
    }

    /** {@link #cachedInputTokens()}, 0 when absent. */
    public long cachedInputTokensOrZero() {
        return cachedInputTokens == null ? 0 : cachedInputTokens;
    }
}
