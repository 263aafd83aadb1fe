package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.released;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code lease_held_seconds{pool}}: released − acquired (event time, not below 0), or the TTL on expiry. */
class LeaseHeldSecondsTest extends MetricsTopologyTest {

    @Test
    void isReleasedMinusAcquiredAndAValueOnABoundLandsInThatBucket() {
        send(acquired("l1", "browser").with("agent_name", "scout").at(sec(0)),
                released("l1", "browser").with("reason", "released").at(sec(10)));

        scrape().assertExactly("""
                lease_held_seconds_bucket{le="0.05",pool="browser"} 0
                lease_held_seconds_bucket{le="0.1",pool="browser"} 0
                lease_held_seconds_bucket{le="0.25",pool="browser"} 0
                lease_held_seconds_bucket{le="0.5",pool="browser"} 0
                lease_held_seconds_bucket{le="1.0",pool="browser"} 0
                lease_held_seconds_bucket{le="2.5",pool="browser"} 0
                lease_held_seconds_bucket{le="5.0",pool="browser"} 0
                lease_held_seconds_bucket{le="10.0",pool="browser"} 1
                lease_held_seconds_bucket{le="30.0",pool="browser"} 1
                lease_held_seconds_bucket{le="60.0",pool="browser"} 1
                lease_held_seconds_bucket{le="120.0",pool="browser"} 1
                lease_held_seconds_bucket{le="300.0",pool="browser"} 1
                lease_held_seconds_bucket{le="600.0",pool="browser"} 1
                lease_held_seconds_bucket{le="1800.0",pool="browser"} 1
                lease_held_seconds_bucket{le="3600.0",pool="browser"} 1
                lease_held_seconds_bucket{le="+Inf",pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 10
                lease_held_seconds_count{pool="browser"} 1
                """, "lease_held_seconds");
    }

    @Test
    void aReleaseBeforeItsAcquiredIsObservedWhenThePairIsComplete() {
        send(released("l1", "browser").at(sec(30)));
        scrape().assertAbsent("lease_held_seconds");

        sendStructured(acquired("l1", "browser").at(sec(0)));
        scrape().assertIncludes("""
                lease_held_seconds_bucket{le="10.0",pool="browser"} 0
                lease_held_seconds_bucket{le="30.0",pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 30
                lease_held_seconds_count{pool="browser"} 1
                """);
    }

    @Test
    void aReleaseTimedBeforeItsAcquiredHoldsZeroInEitherArrivalOrder() {
        send(released("l1", "browser").at(sec(0)), acquired("l1", "browser").at(sec(5)),
                acquired("l2", "browser").at(sec(9)), released("l2", "browser").at(sec(6)));

        scrape().assertIncludes("""
                lease_held_seconds_bucket{le="0.05",pool="browser"} 2
                lease_held_seconds_sum{pool="browser"} 0
                lease_held_seconds_count{pool="browser"} 2
                """);
    }

    @Test
    void aSecondReleaseObservesNothingMore() {
        Event release = released("l1", "browser").at(sec(2));
        send(acquired("l1", "browser").at(sec(0)), release);
        sendStructured(release);
        send(released("l1", "browser").at(sec(4)));

        scrape().assertExactly("""
                lease_held_seconds_sum{pool="browser"} 2
                lease_held_seconds_count{pool="browser"} 1
                """, "lease_held_seconds_sum", "lease_held_seconds_count");
    }

    @Test
    void thePoolLabelComesFromTheAcquiredElseFromTheRelease() {
        send(acquired("l1", "browser").at(sec(0)), released("l1", "gpu").at(sec(1)),
                released("l2", "gpu").with("reason", "expired").at(sec(2)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                lease_held_seconds_sum{pool="browser"} 1
                lease_held_seconds_count{pool="browser"} 1
                """, "lease_held_seconds_sum", "lease_held_seconds_count");
        m.assertExactly("lease_expired_total{pool=\"gpu\"} 1", "lease_expired_total");
    }
}
