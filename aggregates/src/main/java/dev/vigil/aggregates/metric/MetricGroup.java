package dev.vigil.aggregates.metric;

import java.util.Optional;

/**
 * The metric groups of docs/aggregates.md. The series stage is keyed by group, so every series lives
 * in exactly one partition and is exposed by exactly one instance: summing over instances is exact.
 */
public enum MetricGroup {
    TASKS(1, "tasks"),
    STEPS(2, "steps"),
    CALLS(3, "calls"),
    POOLS(4, "pools"),
    VIGIL(5, "vigil");

    private final int id;
    private final String wireName;

    MetricGroup(int id, String wireName) {
        this.id = id;
        this.wireName = wireName;
    }

    /** Stable code used by binary codecs; never reused for another group. */
    public int id() {
        return id;
    }

    /** The group's name, also the record key of the series-updates repartition topic. */
    public String wireName() {
        return wireName;
    }

    public static Optional<MetricGroup> fromWireName(String name) {
        for (MetricGroup g : values()) {
            if (g.wireName.equals(name)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }

    public static Optional<MetricGroup> fromId(int id) {
        for (MetricGroup g : values()) {
            if (g.id == id) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
