package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/**
 * {@code pool_capacity{pool}}: the capacity of the pool status with the latest event time (ties:
 * the later arrival), else {@code aggregates.pools.<pool>.capacity}.
 */
class PoolCapacityTest extends MetricsTopologyTest {

    @Test
    void theConfiguredCapacityIsShownBeforeAnyEvent() {
        scrape().assertExactly("pool_capacity{pool=\"browser\"} 20", "pool_capacity");
    }

    @Test
    void capacitiesComeFromTheConfiguredPoolsWhichReplaceTheDefaults() {
        configure("""
                aggregates:
                  pools:
                    gpu: {capacity: 8}
                    sandbox: {capacity: 0}
                """);

        scrape().assertExactly("""
                pool_capacity{pool="gpu"} 8
                pool_capacity{pool="sandbox"} 0
                """, "pool_capacity");
    }

    @Test
    void aPoolStatusOverridesTheConfiguredCapacityAndAddsUnconfiguredPools() {
        send(poolStatus("browser", 7).at(sec(0)));
        sendStructured(poolStatus("gpu", 3).at(sec(1)));

        scrape().assertExactly("""
                pool_capacity{pool="browser"} 7
                pool_capacity{pool="gpu"} 3
                """, "pool_capacity");
    }

    @Test
    void aStatusOlderThanTheCurrentOneIsIgnored() {
        send(poolStatus("gpu", 5).at(sec(10)), poolStatus("gpu", 9).at(sec(5)));
        scrape().assertIncludes("pool_capacity{pool=\"gpu\"} 5");

        send(poolStatus("gpu", 6).at(sec(11)));
        scrape().assertIncludes("pool_capacity{pool=\"gpu\"} 6");
    }

    @Test
    void onATieTheLaterArrivalWins() {
        send(poolStatus("gpu", 5).at(sec(10)), poolStatus("gpu", 6).at(sec(10)));
        scrape().assertIncludes("pool_capacity{pool=\"gpu\"} 6");

        send(poolStatus("gpu", 4).at(sec(10)));
        scrape().assertIncludes("pool_capacity{pool=\"gpu\"} 4");
    }

    @Test
    void aRepeatedOlderStatusStillChangesNothing() {
        Event old = poolStatus("gpu", 9).at(sec(5));
        send(old, poolStatus("gpu", 5).at(sec(10)));
        sendStructured(old);
        send(old);

        scrape().assertIncludes("pool_capacity{pool=\"gpu\"} 5");
    }
}
