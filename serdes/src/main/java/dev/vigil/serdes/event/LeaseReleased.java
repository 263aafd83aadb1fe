package dev.vigil.serdes.event;

/** {@code agent.lease.released}. Nullable fields are optional in the data. */
public record LeaseReleased(EventMeta meta, String leaseId, String pool, String resourceId,
                            ReleaseReason reason) implements AgentEvent {
    @Override
    public String entityKey() {
        return leaseId;
    }
}
