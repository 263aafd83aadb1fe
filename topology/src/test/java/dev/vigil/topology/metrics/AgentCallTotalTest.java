package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/** {@code agent_call_total{agent_name,capability,model_name,status}}: one per call. */
class AgentCallTotalTest extends MetricsTopologyTest {

    @Test
    void countsEveryCallByItsLabels() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 10, 5).at(sec(0)),
                call("c2", "planner", "chat", "gpt-4o", "ok", 100, 10, 5).at(sec(1)),
                call("c3", "planner", "chat", "gpt-4o", "error", 100, 10, 0).with("error_type", "timeout").at(sec(2)),
                call("c4", "planner", "summarize", "claude", "ok", 100, 10, 5).at(sec(3)));
        sendStructured(call("c5", "scout", "chat", "gpt-4o", "ok", 100, 10, 5).at(sec(4)));

        scrape().assertExactly("""
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 2
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="error"} 1
                agent_call_total{agent_name="planner",capability="summarize",model_name="claude",status="ok"} 1
                agent_call_total{agent_name="scout",capability="chat",model_name="gpt-4o",status="ok"} 1
                """, "agent_call_total");
    }

    @Test
    void aRepeatedSourceAndIdCountsOnceInEitherContentMode() {
        Event c1 = call("c1", "planner", "ok").at(sec(0));
        send(c1);
        sendStructured(c1);
        send(c1);

        scrape().assertExactly("""
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 1
                """, "agent_call_total");
    }

    @Test
    void theSameCallReportedUnderAnotherEventIdCountsAgain() {
        // Identity is (source, id), not call_id.
        send(call("c1", "planner", "ok").at(sec(0)), call("c1", "planner", "ok").at(sec(1)));

        scrape().assertExactly("""
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 2
                """, "agent_call_total");
    }
}
