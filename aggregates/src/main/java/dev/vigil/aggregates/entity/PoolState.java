package dev.vigil.aggregates.entity;

/**
 * The latest known status of one pool (keyed by {@code pool}), merged field by field: a field absent
 * from the winning status keeps its previous value. The status {@code state} field feeds no metric
 * and is not kept.
 *
 * @param statusTimeMs event time of the status that won last (the latest; ties go to the later arrival)
 * @param capacity     the latest capacity (required in every status, so always known here)
 * @param healthy      the latest healthy count, or null until a status gave one
 */
public record PoolState(long statusTimeMs, long capacity, Long healthy) {
    public PoolState {
        if (capacity < 0 || (healthy != null && healthy < 0)) {
            throw new IllegalArgumentException("negative capacity or healthy count");
        }
    }
}
