package dev.vigil.serdes.event;

/** {@code agent.lease.acquired}. Nullable fields are optional in the data. */
public record LeaseAcquired(EventMeta meta, String leaseId, String resourceId, String pool,
                            String agentName, String taskId, String stepId, Long ttlMs)
        implements AgentEvent {
    @Override
    public String entityKey() {
        return leaseId;
    }
}
