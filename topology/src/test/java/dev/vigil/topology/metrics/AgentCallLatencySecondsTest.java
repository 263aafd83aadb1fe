package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code agent_call_latency_seconds{agent_name,model_name}}: latency_ms / 1000 per call. */
class AgentCallLatencySecondsTest extends MetricsTopologyTest {

    @Test
    void aLatencyExactlyOnABoundLandsInThatBucket() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 80, 1, 1).at(sec(0)));

        scrape().assertExactly("""
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.01"} 0
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.02"} 0
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.04"} 0
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.08"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.16"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.32"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.64"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="1.28"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="2.56"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="5.12"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="10.24"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="20.48"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="40.96"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="81.92"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="+Inf"} 1
                agent_call_latency_seconds_sum{agent_name="planner",model_name="gpt-4o"} 0.08
                agent_call_latency_seconds_count{agent_name="planner",model_name="gpt-4o"} 1
                """, "agent_call_latency_seconds");
    }

    @Test
    void aLatencyAboveTheLastBoundIsOnlyInInf() {
        send(call("c1", "scout", "chat", "gpt-4o", "error", 100_000, 1, 0).at(sec(0)));

        scrape().assertIncludes("""
                agent_call_latency_seconds_bucket{agent_name="scout",model_name="gpt-4o",le="81.92"} 0
                agent_call_latency_seconds_bucket{agent_name="scout",model_name="gpt-4o",le="+Inf"} 1
                agent_call_latency_seconds_sum{agent_name="scout",model_name="gpt-4o"} 100
                agent_call_latency_seconds_count{agent_name="scout",model_name="gpt-4o"} 1
                """);
    }

    @Test
    void bucketsAreCumulativeAndSumAndCountCoverEveryCallOfTheSeries() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 250, 1, 1).at(sec(0)),
                call("c2", "planner", "search", "gpt-4o", "error", 500, 1, 1).at(sec(1)),
                call("c3", "planner", "chat", "gpt-4o", "ok", 1250, 1, 1).at(sec(2)),
                call("c4", "planner", "chat", "claude", "ok", 10, 1, 1).at(sec(3)));

        scrape().assertIncludes("""
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.16"} 0
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.32"} 1
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="0.64"} 2
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="1.28"} 3
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="gpt-4o",le="+Inf"} 3
                agent_call_latency_seconds_sum{agent_name="planner",model_name="gpt-4o"} 2
                agent_call_latency_seconds_count{agent_name="planner",model_name="gpt-4o"} 3
                agent_call_latency_seconds_bucket{agent_name="planner",model_name="claude",le="0.01"} 1
                agent_call_latency_seconds_sum{agent_name="planner",model_name="claude"} 0.01
                agent_call_latency_seconds_count{agent_name="planner",model_name="claude"} 1
                """);
    }

    @Test
    void aRepeatedCallEventObservesOnce() {
        Event c1 = call("c1", "planner", "chat", "gpt-4o", "ok", 500, 1, 1).at(sec(0));
        sendStructured(c1);
        send(c1);

        scrape().assertExactly("""
                agent_call_latency_seconds_sum{agent_name="planner",model_name="gpt-4o"} 0.5
                agent_call_latency_seconds_count{agent_name="planner",model_name="gpt-4o"} 1
                """, "agent_call_latency_seconds_sum", "agent_call_latency_seconds_count");
    }
}
