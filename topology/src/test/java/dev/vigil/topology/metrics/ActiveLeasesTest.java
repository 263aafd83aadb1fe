package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.released;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code active_leases{pool,agent_name}}: leases acquired and not yet released or expired. */
class ActiveLeasesTest extends MetricsTopologyTest {

    @Test
    void aLeaseIsActiveFromAcquiredUntilReleased() {
        send(acquired("l1", "browser").with("agent_name", "scout").at(sec(0)),
                acquired("l2", "browser").with("agent_name", "scout").at(sec(1)),
                acquired("l3", "gpu").with("agent_name", "planner").at(sec(2)));
        scrape().assertExactly("""
                active_leases{pool="browser",agent_name="scout"} 2
                active_leases{pool="gpu",agent_name="planner"} 1
                """, "active_leases");

        sendStructured(released("l1", "browser").at(sec(3)));
        scrape().assertExactly("""
                active_leases{pool="browser",agent_name="scout"} 1
                active_leases{pool="gpu",agent_name="planner"} 1
                """, "active_leases");
    }

    @Test
    void aLeaseWithoutAgentNameIsLabelledUnknown() {
        send(acquired("l1", "browser").at(sec(0)));

        scrape().assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 1", "active_leases");
    }

    @Test
    void aLeaseReleasedBeforeItsAcquiredArrivesIsNeverActive() {
        send(released("l1", "browser").at(sec(10)), acquired("l1", "browser").with("agent_name", "scout").at(sec(0)));

        scrape().assertAbsent("active_leases");
    }

    @Test
    void aSecondAcquiredChangesNothing() {
        Event first = acquired("l1", "browser").with("agent_name", "scout").at(sec(0));
        send(first);
        sendStructured(first);
        send(acquired("l1", "browser").with("agent_name", "scout").at(sec(1)));

        scrape().assertExactly("active_leases{pool=\"browser\",agent_name=\"scout\"} 1", "active_leases");
    }

    @Test
    void aSecondReleaseChangesNothing() {
        send(acquired("l1", "browser").at(sec(0)), acquired("l2", "browser").at(sec(1)),
                released("l1", "browser").at(sec(2)), released("l1", "browser").at(sec(3)));

        scrape().assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 1", "active_leases");
    }

    @Test
    void anAcquiredAfterTheLeaseEndedChangesNothing() {
        send(acquired("l1", "browser").at(sec(0)), released("l1", "browser").at(sec(2)),
                acquired("l1", "browser").at(sec(3)));

        scrape().assertExactly("active_leases{pool=\"browser\",agent_name=\"unknown\"} 0", "active_leases");
    }
}
