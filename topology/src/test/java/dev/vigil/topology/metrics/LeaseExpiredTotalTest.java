package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.released;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.Test;

/**
 * {@code lease_expired_total{pool}} and TTL expiry in the entity partition's stream time: a lease
 * with ttl_ms not released by acquired + ttl expires once a record of that partition carries the
 * stream time there (TopologyTestDriver has one partition, so any later event does).
 */
class LeaseExpiredTotalTest extends MetricsTopologyTest {

    @Test
    void aLeaseExpiresWhenALaterEventMovesStreamTimePastItsTtl() {
        send(acquired("l1", "browser").with("agent_name", "scout").with("ttl_ms", 60_000).at(sec(0)),
                task("t1", "submitted").at(sec(61)));

        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="scout"} 0
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_bucket{le="30.0",pool="browser"} 0
                lease_held_seconds_bucket{le="60.0",pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 60
                lease_held_seconds_count{pool="browser"} 1
                """);
    }

    @Test
    void aLeaseExpiresExactlyAtAcquiredPlusTtl() {
        send(acquired("l1", "browser").with("ttl_ms", 60_000).at(sec(10)), poolStatus("gpu", 4).at(sec(70)));

        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 0
                lease_expired_total{pool="browser"} 1
                """);
    }

    @Test
    void aLeaseIsStillActiveOneMillisecondBeforeItsTtl() {
        send(acquired("l1", "browser").with("ttl_ms", 60_000).at(sec(10)), poolStatus("gpu", 4).at(sec(69.999)));

        RenderedMetrics m = scrape();
        m.assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 1", "active_leases");
        m.assertAbsent("lease_expired_total", "lease_held_seconds");
    }

    @Test
    void anIdlePartitionKeepsItsLeaseUntilTrafficResumes() {
        send(acquired("l1", "browser").with("ttl_ms", 1000).at(sec(0)));
        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 1
                lease_expired_total{pool="browser"} absent
                """);

        send(task("t1", "submitted").at(sec(3600)));
        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 0
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 1
                """);
    }

    @Test
    void anEarlierEventDoesNotMoveStreamTimeBack() {
        send(acquired("l1", "browser").with("ttl_ms", 30_000).at(sec(0)), task("t1", "submitted").at(sec(20)),
                task("t1", "running").at(sec(10)));
        scrape().assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 1", "active_leases");

        send(task("t1", "succeeded").at(sec(30)));
        scrape().assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 0", "active_leases");
    }

    @Test
    void theLeasesOwnLateReleaseFindsItAlreadyExpired() {
        send(acquired("l1", "browser").with("ttl_ms", 10_000).at(sec(0)),
                released("l1", "browser").at(sec(20)));

        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 0
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 10
                lease_held_seconds_count{pool="browser"} 1
                """);
    }

    @Test
    void aReleaseAfterExpiryChangesNothing() {
        send(acquired("l1", "browser").with("ttl_ms", 10_000).at(sec(0)), task("t1", "submitted").at(sec(15)),
                released("l1", "browser").with("reason", "expired").at(sec(12)),
                released("l1", "browser").at(sec(16)));

        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 0
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 10
                lease_held_seconds_count{pool="browser"} 1
                """);
    }

    @Test
    void aReleaseWithReasonExpiredCountsAsExpired() {
        sendStructured(acquired("l1", "browser").at(sec(0)),
                released("l1", "browser").with("reason", "expired").at(sec(5)));
        send(acquired("l2", "browser").at(sec(0)), released("l2", "browser").with("reason", "revoked").at(sec(5)));

        scrape().assertIncludes("""
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_count{pool="browser"} 2
                """);
    }

    @Test
    void anExpiredReleaseBeforeTheTtlHoldsReleasedMinusAcquiredAndEndsTheLease() {
        send(acquired("l1", "browser").with("ttl_ms", 60_000).at(sec(0)),
                released("l1", "browser").with("reason", "expired").at(sec(5)),
                task("t1", "submitted").at(sec(120)));

        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 0
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_bucket{le="5.0",pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 5
                lease_held_seconds_count{pool="browser"} 1
                """);
    }

    @Test
    void anExpiredReleaseBeforeItsAcquiredCountsAtOnce() {
        send(released("l1", "gpu").with("reason", "expired").at(sec(5)));
        scrape().assertExactly("lease_expired_total{pool=\"gpu\"} 1", "lease_expired_total");

        send(acquired("l1", "gpu").with("ttl_ms", 1000).at(sec(0)), task("t1", "submitted").at(sec(60)));
        RenderedMetrics m = scrape();
        m.assertExactly("lease_expired_total{pool=\"gpu\"} 1", "lease_expired_total");
        m.assertExactly("""
                lease_held_seconds_sum{pool="gpu"} 5
                lease_held_seconds_count{pool="gpu"} 1
                """, "lease_held_seconds_sum", "lease_held_seconds_count");
    }

    @Test
    void aLeaseWithoutTtlNeverExpires() {
        send(acquired("l1", "browser").at(sec(0)), task("t1", "submitted").at(sec(86_000)));

        RenderedMetrics m = scrape();
        m.assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 1", "active_leases");
        m.assertAbsent("lease_expired_total");
    }

    @Test
    void leasesExpireInDueOrderAndOnlyThoseDue() {
        send(acquired("l1", "browser").with("ttl_ms", 10_000).at(sec(0)),
                acquired("l2", "browser").with("ttl_ms", 5_000).at(sec(1)),
                acquired("l3", "gpu").with("ttl_ms", 30_000).at(sec(2)),
                task("t1", "submitted").at(sec(10)));

        scrape().assertIncludes("""
                active_leases{pool="browser",agent_name="unknown"} 0
                active_leases{pool="gpu",agent_name="unknown"} 1
                lease_expired_total{pool="browser"} 2
                lease_expired_total{pool="gpu"} absent
                lease_held_seconds_sum{pool="browser"} 15
                """);
    }

    @Test
    void anInvalidRecordDoesNotMoveStreamTime() {
        send(acquired("l1", "browser").with("ttl_ms", 1000).at(sec(0)),
                task("t1", "no-such-status").at(sec(3600)), released("l2", "browser").with("reason", "bogus").at(sec(3600)));

        RenderedMetrics m = scrape();
        m.assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 1", "active_leases");
        m.assertAbsent("lease_expired_total");
    }
}
