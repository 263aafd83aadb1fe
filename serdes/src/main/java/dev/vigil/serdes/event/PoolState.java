package dev.vigil.serdes.event;

/** State of {@code agent.pool.status}. */
public enum PoolState {
    HEALTHY("healthy"),
    DEGRADED("degraded"),
    DOWN("down");

    private final String wireName;

    PoolState(String wireName) {
        this.wireName = wireName;
    }

    /** The value as it appears in event data and metric labels. */
    public String wireName() {
        return wireName;
    }

    /** The constant for a wire value, or null when the value is not one of them. */
    public static PoolState fromWireName(String value) {
        for (PoolState v : values()) {
            if (v.wireName.equals(value)) {
                return v;
            }
        }
        return null;
    }
}
