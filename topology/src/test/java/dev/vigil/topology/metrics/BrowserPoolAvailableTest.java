package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.released;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.Test;

/**
 * {@code browser_pool_available}: max(0, capacity − active leases) of the pool named by
 * {@code aggregates.browser_pool}; absent while that pool's capacity is unknown.
 */
class BrowserPoolAvailableTest extends MetricsTopologyTest {

    @Test
    void isTheConfiguredCapacityBeforeAnyLease() {
        scrape().assertExactly("browser_pool_available 20", "browser_pool_available");
    }

    @Test
    void isCapacityMinusActiveLeasesOfTheBrowserPoolOnly() {
        send(acquired("l1", "browser").with("agent_name", "scout").at(sec(0)),
                acquired("l2", "browser").with("agent_name", "planner").at(sec(1)),
                acquired("l3", "browser").at(sec(2)), acquired("l4", "gpu").at(sec(3)),
                released("l2", "browser").at(sec(4)));

        scrape().assertExactly("browser_pool_available 18", "browser_pool_available");
    }

    @Test
    void isNeverBelowZero() {
        send(poolStatus("browser", 2).at(sec(0)), acquired("l1", "browser").at(sec(1)),
                acquired("l2", "browser").at(sec(2)), acquired("l3", "browser").at(sec(3)));

        scrape().assertExactly("browser_pool_available 0", "browser_pool_available");
    }

    @Test
    void followsTheReportedCapacity() {
        send(acquired("l1", "browser").at(sec(0)), poolStatus("browser", 5).at(sec(1)));

        scrape().assertExactly("browser_pool_available 4", "browser_pool_available");
    }

    @Test
    void anExpiredLeaseFreesItsSlot() {
        send(acquired("l1", "browser").with("ttl_ms", 1000).at(sec(0)));
        scrape().assertExactly("browser_pool_available 19", "browser_pool_available");

        send(task("t1", "submitted").at(sec(1)));
        scrape().assertExactly("browser_pool_available 20", "browser_pool_available");
    }

    @Test
    void isAbsentWhileTheBrowserPoolCapacityIsUnknown() {
        configure("""
                aggregates:
                  pools:
                    gpu: {capacity: 8}
                """);
        send(acquired("l1", "browser").at(sec(0)));
        scrape().assertAbsent("browser_pool_available");

        send(poolStatus("browser", 5).at(sec(1)));
        scrape().assertExactly("browser_pool_available 4", "browser_pool_available");
    }

    @Test
    void thePoolIsTheOneNamedByAggregatesBrowserPool() {
        configure("""
                aggregates:
                  browser_pool: chromium
                  pools:
                    chromium: {capacity: 8}
                    browser: {capacity: 20}
                """);
        send(acquired("l1", "chromium").at(sec(0)), acquired("l2", "chromium").at(sec(1)),
                acquired("l3", "browser").at(sec(2)));

        scrape().assertExactly("browser_pool_available 6", "browser_pool_available");
    }
}
