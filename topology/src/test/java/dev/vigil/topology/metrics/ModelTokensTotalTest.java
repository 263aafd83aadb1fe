package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code model_tokens_total{agent_name,model_name,direction}}: input and output tokens. */
class ModelTokensTotalTest extends MetricsTopologyTest {

    @Test
    void addsInputAndOutputTokensPerAgentAndModel() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 100, 20).at(sec(0)),
                call("c2", "planner", "search", "gpt-4o", "error", 100, 50, 0).at(sec(1)));
        sendStructured(call("c3", "scout", "chat", "claude", "ok", 100, 7, 3).at(sec(2)));

        scrape().assertExactly("""
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="input"} 150
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="output"} 20
                model_tokens_total{agent_name="scout",model_name="claude",direction="input"} 7
                model_tokens_total{agent_name="scout",model_name="claude",direction="output"} 3
                """, "model_tokens_total");
    }

    @Test
    void bothDirectionsExistEvenWhenZero() {
        send(call("c1", "planner", "chat", "gpt-4o", "error", 100, 0, 0).at(sec(0)));

        scrape().assertExactly("""
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="input"} 0
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="output"} 0
                """, "model_tokens_total");
    }

    @Test
    void aRepeatedCallEventAddsOnce() {
        Event c1 = call("c1", "planner", "chat", "gpt-4o", "ok", 100, 1000, 200).at(sec(0));
        send(c1);
        sendStructured(c1);

        scrape().assertExactly("""
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="input"} 1000
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="output"} 200
                """, "model_tokens_total");
    }
}
