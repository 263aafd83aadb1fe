package dev.vigil.aggregates.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolMetricsTest {

    @Test
    void configuredCapacityUntilAStatusReportsOne() {
        PoolMetrics.Derived d = PoolMetrics.derive(Map.of("gpu", 4.0), Map.of("gpu", 3.0),
                Map.of("browser", 20L, "gpu", 8L), Map.of("browser", 5.0, "gpu", 6.0), "browser");
        assertThat(d.capacity()).containsExactly(Map.entry("browser", 20.0), Map.entry("gpu", 4.0));
        assertThat(d.healthy()).containsExactly(Map.entry("gpu", 3.0));
        assertThat(d.utilization()).containsExactly(Map.entry("browser", 0.25), Map.entry("gpu", 1.5));
        assertThat(d.browserPoolAvailable()).hasValue(15.0);
    }

    @Test
    void utilizationAbsentWhileCapacityUnknownOrZero() {
        PoolMetrics.Derived d = PoolMetrics.derive(Map.of("browser", 0.0), Map.of(), Map.of(),
                Map.of("browser", 2.0, "orphan", 1.0), "browser");
        assertThat(d.utilization()).isEmpty();
        assertThat(d.capacity()).containsOnlyKeys("browser");
        assertThat(d.browserPoolAvailable()).hasValue(0.0);
    }

    @Test
    void browserAvailabilityNotBelowZeroAndAbsentWithoutCapacity() {
        assertThat(PoolMetrics.derive(Map.of(), Map.of(), Map.of("browser", 2L), Map.of("browser", 5.0), "browser")
                .browserPoolAvailable()).hasValue(0.0);
        assertThat(PoolMetrics.derive(Map.of(), Map.of(), Map.of(), Map.of("browser", 5.0), "browser")
                .browserPoolAvailable()).isEmpty();
        assertThat(PoolMetrics.derive(Map.of(), Map.of(), Map.of("chrome", 3L), Map.of(), "chrome")
                .browserPoolAvailable()).hasValue(3.0);
    }
}
