package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.sec;
import static dev.vigil.topology.metrics.Events.task;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ended tasks, steps and leases are remembered for one dedup horizon of stream time (so late
 * events for them change nothing), then forgotten, so the entity stores stay bounded.
 */
class EntityRetentionTest extends MetricsTopologyTest {

    @BeforeEach
    void oneHourHorizon() {
        configure("""
                aggregates:
                  dedup_horizon: 1h
                """);
    }

    @Test
    void anEndedTaskIsRememberedWithinTheHorizon() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").at(sec(1)),
                task("t2", "submitted").at(min(50)), task("t1", "running").at(min(50).plusSeconds(1)));

        scrape().assertExactly("""
                active_tasks 1
                """, "active_tasks");
    }

    @Test
    void anEndedTaskIsForgottenOneHorizonAfterItEnded() {
        send(task("t1", "submitted").at(sec(0)), task("t1", "succeeded").at(sec(1)),
                // Stream time passes the horizon plus one purge interval (1h / 24).
                task("t2", "submitted").at(min(70)),
                // t1 is a stranger now: its `running` opens it again.
                task("t1", "running").at(min(70).plusSeconds(1)));

        scrape().assertExactly("""
                active_tasks 2
                """, "active_tasks");
    }
}
