package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.sec;

import org.junit.jupiter.api.Test;

/**
 * {@code pool_healthy{pool}}: the healthy count of the latest pool status; a status without
 * {@code healthy} keeps the previous value; absent until a status gave one.
 */
class PoolHealthyTest extends MetricsTopologyTest {

    @Test
    void isAbsentUntilAStatusGivesHealthy() {
        send(poolStatus("gpu", 8).with("state", "healthy").at(sec(0)));
        scrape().assertAbsent("pool_healthy");

        send(poolStatus("gpu", 8).with("healthy", 6).at(sec(1)));
        scrape().assertExactly("pool_healthy{pool=\"gpu\"} 6", "pool_healthy");
    }

    @Test
    void aLaterStatusWithoutHealthyKeepsThePreviousValue() {
        send(poolStatus("gpu", 8).with("healthy", 6).at(sec(0)), poolStatus("gpu", 10).at(sec(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("pool_healthy{pool=\"gpu\"} 6", "pool_healthy");
        m.assertIncludes("pool_capacity{pool=\"gpu\"} 10");
    }

    @Test
    void anOlderStatusIsIgnoredEvenIfItHasHealthy() {
        send(poolStatus("gpu", 8).at(sec(10)), poolStatus("gpu", 8).with("healthy", 2).at(sec(5)));
        scrape().assertAbsent("pool_healthy");

        send(poolStatus("gpu", 8).with("healthy", 7).at(sec(20)), poolStatus("gpu", 8).with("healthy", 1).at(sec(15)));
        scrape().assertExactly("pool_healthy{pool=\"gpu\"} 7", "pool_healthy");
    }

    @Test
    void onATieTheLaterArrivalWins() {
        send(poolStatus("gpu", 8).with("healthy", 7).at(sec(10)), poolStatus("gpu", 8).with("healthy", 3).at(sec(10)));

        scrape().assertExactly("pool_healthy{pool=\"gpu\"} 3", "pool_healthy");
    }

    @Test
    void zeroHealthyIsShown() {
        sendStructured(poolStatus("browser", 8).with("healthy", 0).with("state", "down").at(sec(0)));

        scrape().assertExactly("pool_healthy{pool=\"browser\"} 0", "pool_healthy");
    }
}
