package dev.vigil.aggregates.render;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The pool metrics computed at render time (docs/aggregates.md, "Pools"), from the reported pool
 * status gauges, the configured capacities and the {@code active_leases} gauges. Computed rather
 * than stored because they combine series that change independently (a lease event moves
 * utilization without touching capacity) and configuration, which may change between runs.
 */
public final class PoolMetrics {
    private PoolMetrics() {
    }

    /**
     * The derived values, each keyed by pool and sorted.
     *
     * @param capacity             {@code pool_capacity}: reported, else configured
     * @param healthy              {@code pool_healthy}: reported only
     * @param utilization          {@code lease_utilization}: active / capacity, for pools with a capacity above 0
     * @param browserPoolAvailable {@code browser_pool_available}: max(0, capacity − active) of the
     *                             browser pool, absent while its capacity is unknown
     */
    public record Derived(SortedMap<String, Double> capacity, SortedMap<String, Double> healthy,
                          SortedMap<String, Double> utilization, OptionalDouble browserPoolAvailable) {
        public Derived {
            capacity = Collections.unmodifiableSortedMap(new TreeMap<>(capacity));
            healthy = Collections.unmodifiableSortedMap(new TreeMap<>(healthy));
            utilization = Collections.unmodifiableSortedMap(new TreeMap<>(utilization));
        }
    }

    /**
     * @param reportedCapacity   the stored {@code pool_capacity} gauges (from pool status events), by pool
     * @param reportedHealthy    the stored {@code pool_healthy} gauges, by pool
     * @param configuredCapacity {@code aggregates.pools.<pool>.capacity}
     * @param activeLeases       active leases per pool (the sum over agent names of {@code active_leases})
     * @param browserPool        {@code aggregates.browser_pool}
     */
    public static Derived derive(Map<String, Double> reportedCapacity, Map<String, Double> reportedHealthy,
                                 Map<String, Long> configuredCapacity, Map<String, Double> activeLeases,
                                 String browserPool) {
        TreeMap<String, Double> capacity = new TreeMap<>();
        configuredCapacity.forEach((pool, c) -> capacity.put(pool, (double) c));
        capacity.putAll(reportedCapacity);
        TreeMap<String, Double> utilization = new TreeMap<>();
        capacity.forEach((pool, c) -> {
            if (c > 0) {
                utilization.put(pool, activeLeases.getOrDefault(pool, 0.0) / c);
            }
        });
        Double browserCapacity = capacity.get(browserPool);
        OptionalDouble available = browserCapacity == null
                ? OptionalDouble.empty()
                : OptionalDouble.of(Math.max(0.0, browserCapacity - activeLeases.getOrDefault(browserPool, 0.0)));
        return new Derived(capacity, new TreeMap<>(reportedHealthy), utilization, available);
    }
}
