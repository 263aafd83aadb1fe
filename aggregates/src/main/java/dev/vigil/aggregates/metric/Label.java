package dev.vigil.aggregates.metric;

/**
 * Every label name of docs/metrics.md (except {@code alerts_firing}'s) and whether the cardinality cap
 * may fold it: free-form names ({@code agent_name}, {@code capability}, {@code model_name},
 * {@code pool}, {@code tenant}) fold into {@code __other__}; enumerated ones ({@code status}, {@code direction},
 * {@code window}, {@code type}) keep their values, since they cannot grow the series count anyway.
 */
public enum Label {
    STATUS("status", false),
    AGENT_NAME("agent_name", true),
    CAPABILITY("capability", true),
    MODEL_NAME("model_name", true),
    DIRECTION("direction", false),
    POOL("pool", true),
    WINDOW("window", false),
    TYPE("type", false),
    TENANT("tenant", true);

    private final String wireName;
    private final boolean foldable;

    Label(String wireName, boolean foldable) {
        this.wireName = wireName;
        this.foldable = foldable;
    }

    /** The Prometheus label name. */
    public String wireName() {
        return wireName;
    }

    /** Whether the cardinality cap replaces this label's value by {@code __other__}. */
    public boolean foldable() {
        return foldable;
    }
}
