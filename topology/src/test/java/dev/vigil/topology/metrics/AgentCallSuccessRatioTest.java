package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.T0;
import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/**
 * {@code agent_call_success_ratio{agent_name,window}}: ok / all calls of the agent in the window;
 * one clock for the metric (the latest observation of any agent).
 */
class AgentCallSuccessRatioTest extends MetricsTopologyTest {

    @Test
    void isOkOverAllCallsPerAgentInBothWindows() {
        send(call("c1", "planner", "ok").at(sec(0)), call("c2", "planner", "ok").at(sec(1)),
                call("c3", "planner", "error").at(sec(2)), call("c4", "planner", "ok").at(sec(3)));
        sendStructured(call("c5", "scout", "error").at(sec(4)));

        scrape().assertExactly("""
                agent_call_success_ratio{agent_name="planner",window="5m"} 0.75
                agent_call_success_ratio{agent_name="planner",window="1h"} 0.75
                agent_call_success_ratio{agent_name="scout",window="5m"} 0
                agent_call_success_ratio{agent_name="scout",window="1h"} 0
                """, "agent_call_success_ratio");
    }

    @Test
    void isAbsentWithoutCalls() {
        send(Events.task("t1", "succeeded").at(sec(0)));

        scrape().assertAbsent("agent_call_success_ratio");
    }

    @Test
    void oneClockForAllAgentsEmptiesTheWindowOfAQuietAgent() {
        send(call("c1", "planner", "ok").at(T0), call("c2", "scout", "error").at(min(10)));

        scrape().assertExactly("""
                agent_call_success_ratio{agent_name="planner",window="1h"} 1
                agent_call_success_ratio{agent_name="scout",window="5m"} 0
                agent_call_success_ratio{agent_name="scout",window="1h"} 0
                """, "agent_call_success_ratio");

        send(call("c3", "scout", "ok").at(min(59)));
        scrape().assertExactly("""
                agent_call_success_ratio{agent_name="planner",window="1h"} 1
                agent_call_success_ratio{agent_name="scout",window="5m"} 1
                agent_call_success_ratio{agent_name="scout",window="1h"} 0.5
                """, "agent_call_success_ratio");

        // 12-minute buckets: at 11:00 the hour window starts at 10:12, so 10:00 and 10:10 fall out.
        send(call("c4", "scout", "ok").at(min(60)));
        scrape().assertExactly("""
                agent_call_success_ratio{agent_name="scout",window="5m"} 1
                agent_call_success_ratio{agent_name="scout",window="1h"} 1
                """, "agent_call_success_ratio");
    }

    @Test
    void aRepeatedCallEventIsObservedOnce() {
        Event ok = call("c1", "planner", "ok").at(sec(0));
        send(ok);
        sendStructured(ok);
        send(call("c2", "planner", "error").at(sec(1)));

        scrape().assertExactly("""
                agent_call_success_ratio{agent_name="planner",window="5m"} 0.5
                agent_call_success_ratio{agent_name="planner",window="1h"} 0.5
                """, "agent_call_success_ratio");
    }

    @Test
    void aCallLateWithinGraceIsObserved() {
        send(call("c1", "scout", "error").at(min(10)), call("c2", "planner", "ok").at(min(6)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                agent_call_success_ratio{agent_name="planner",window="5m"} 1
                agent_call_success_ratio{agent_name="planner",window="1h"} 1
                agent_call_success_ratio{agent_name="scout",window="5m"} 0
                agent_call_success_ratio{agent_name="scout",window="1h"} 0
                """, "agent_call_success_ratio");
        m.assertAbsent("vigil_late_events_total");
    }

    @Test
    void aCallLaterThanGraceIsLeftOutOfTheRatioButCountedEverywhereElse() {
        send(call("c1", "scout", "error").at(min(10)),
                call("c2", "planner", "chat", "gpt-4o", "ok", 500, 1_000_000, 0).at(min(5).minusMillis(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                agent_call_success_ratio{agent_name="scout",window="5m"} 0
                agent_call_success_ratio{agent_name="scout",window="1h"} 0
                """, "agent_call_success_ratio");
        m.assertIncludes("""
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 1
                agent_call_latency_seconds_count{agent_name="planner",model_name="gpt-4o"} 1
                model_tokens_total{agent_name="planner",model_name="gpt-4o",direction="input"} 1000000
                model_cost_usd_total{agent_name="planner",model_name="gpt-4o"} 2.5
                vigil_late_events_total{type="agent.call.completed"} 1
                """);
    }
}
