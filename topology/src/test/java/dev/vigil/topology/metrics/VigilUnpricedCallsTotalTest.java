package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code vigil_unpriced_calls_total{model_name}}: calls without cost_usd whose model has no price. */
class VigilUnpricedCallsTotalTest extends MetricsTopologyTest {

    @Test
    void countsUnpricedCallsPerModelOnly() {
        Event repeated = call("c2", "scout", "chat", "mystery", "error", 100, 5, 0).at(sec(1));
        send(call("c1", "planner", "chat", "mystery", "ok", 100, 10, 10).at(sec(0)), repeated);
        sendStructured(repeated, call("c3", "planner", "chat", "enigma", "ok", 100, 10, 10).at(sec(2)));
        send(call("c4", "planner", "chat", "gpt-4o", "ok", 100, 10, 10).at(sec(3)),
                call("c5", "planner", "chat", "enigma", "ok", 100, 10, 10).with("cost_usd", 0.5).at(sec(4)));

        scrape().assertExactly("""
                vigil_unpriced_calls_total{model_name="mystery"} 2
                vigil_unpriced_calls_total{model_name="enigma"} 1
                """, "vigil_unpriced_calls_total");
    }

    @Test
    void isAbsentWhileEveryCallIsPriced() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 10, 10).at(sec(0)));

        scrape().assertAbsent("vigil_unpriced_calls_total");
    }
}
