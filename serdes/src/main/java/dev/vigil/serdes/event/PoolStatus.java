package dev.vigil.serdes.event;

/** {@code agent.pool.status}. Nullable fields are optional in the data. */
public record PoolStatus(EventMeta meta, String pool, long capacity, Long healthy, PoolState state)
        implements AgentEvent {
    @Override
    public String entityKey() {
        return pool;
    }
}
