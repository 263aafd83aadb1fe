package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.released;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.Test;

/**
 * {@code lease_utilization{pool}}: active leases of the pool (all agents) / capacity; absent while
 * the capacity is unknown or 0.
 */
class LeaseUtilizationTest extends MetricsTopologyTest {

    @Test
    void isZeroForTheConfiguredPoolBeforeAnyLease() {
        scrape().assertExactly("lease_utilization{pool=\"browser\"} 0", "lease_utilization");
    }

    @Test
    void isActiveLeasesOfAllAgentsOverTheConfiguredCapacity() {
        send(acquired("l1", "browser").with("agent_name", "scout").at(sec(0)),
                acquired("l2", "browser").with("agent_name", "planner").at(sec(1)));

        scrape().assertExactly("lease_utilization{pool=\"browser\"} 0.1", "lease_utilization");
    }

    @Test
    void isAbsentForAPoolWhoseCapacityIsUnknown() {
        send(acquired("l1", "gpu").at(sec(0)));

        scrape().assertExactly("lease_utilization{pool=\"browser\"} 0", "lease_utilization");
    }

    @Test
    void isAbsentWhileTheReportedCapacityIsZero() {
        send(acquired("l1", "gpu").at(sec(0)), poolStatus("gpu", 0).at(sec(1)));
        scrape().assertExactly("lease_utilization{pool=\"browser\"} 0", "lease_utilization");

        send(poolStatus("gpu", 4).at(sec(2)));
        scrape().assertExactly("""
                lease_utilization{pool="browser"} 0
                lease_utilization{pool="gpu"} 0.25
                """, "lease_utilization");
    }

    @Test
    void isAboveOneWhenOversubscribed() {
        send(poolStatus("browser", 2).at(sec(0)), acquired("l1", "browser").at(sec(1)),
                acquired("l2", "browser").at(sec(2)), acquired("l3", "browser").at(sec(3)));

        scrape().assertExactly("lease_utilization{pool=\"browser\"} 1.5", "lease_utilization");
    }

    @Test
    void fallsWhenLeasesAreReleasedOrExpire() {
        send(poolStatus("browser", 4).at(sec(0)), acquired("l1", "browser").at(sec(1)),
                acquired("l2", "browser").with("ttl_ms", 10_000).at(sec(1)), acquired("l3", "browser").at(sec(2)),
                released("l1", "browser").at(sec(5)));
        scrape().assertExactly("lease_utilization{pool=\"browser\"} 0.5", "lease_utilization");

        send(task("t1", "submitted").at(sec(11)));
        scrape().assertExactly("lease_utilization{pool=\"browser\"} 0.25", "lease_utilization");
    }
}
