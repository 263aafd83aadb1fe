package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serdes.DeadLetters;
import dev.vigil.topology.metrics.Events.Event;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code model_tokens_total{agent_name,model_name,direction}}: uncached input, cached input (when the call
 * says) and output tokens.
 */
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

    @Test
    void cachedInputTokensAreCountedApartFromTheUncachedRest() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 1000, 20).with("cached_input_tokens", 700).at(sec(0)),
                call("c2", "planner", "chat", "gpt-4o", "ok", 100, 500, 10).at(sec(1)),
                call("c3", "planner", "chat", "gpt-4o", "ok", 100, 300, 5).with("cached_input_tokens", 300).at(sec(2)));

        scrape().assertExactly("""
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="cached_input"} 1000
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="input"} 800
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="output"} 35
                """, "model_tokens_total");
    }

    @Test
    void moreCachedThanInputTokensIsDeadLetteredAndCountsNothing() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 100, 20).with("cached_input_tokens", 101).at(sec(0)));

        List<TestRecord<byte[], byte[]>> dlq = vigil().deadLetters();
        assertThat(dlq).hasSize(1);
        assertThat(new String(dlq.get(0).headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
                .isEqualTo("invalid_data");
        assertThat(new String(dlq.get(0).headers().lastHeader(DeadLetters.DETAIL).value(), StandardCharsets.UTF_8))
                .startsWith("data.cached_input_tokens: 101 is above input_tokens (100)");
        scrape().assertAbsent("model_tokens_total");
    }
}
