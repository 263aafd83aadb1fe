package dev.vigil.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** How {@code vigil alerts tail} shows an alert event: one line a person reads at a glance. */
class AlertTailTest {
    private static final String FIRING = """
            {"specversion":"1.0","id":"9f2c41d07a3b8e65-1","source":"vigil/vigil","type":"vigil.alert.firing",
             "subject":"AgentCallSuccessLow","time":"2026-01-15T10:30:00Z","partitionkey":"9f2c41d07a3b8e65",
             "datacontenttype":"application/json",
             "data":{"rule":"AgentCallSuccessLow","fingerprint":"9f2c41d07a3b8e65","state":"firing",
                     "severity":"warning","labels":{"agent_name":"planner","team":"agents"},"value":0.82,
                     "threshold":0.9,"window":"5m","samples":57,"started_at":"2026-01-15T10:30:00Z",
                     "resolved_at":null,"annotations":{"summary":"planner call success 0.82 below 0.9"},
                     "trigger":{"source":"orchestrator","id":"evt-123"}}}
            """;

    @Test
    void anAlertIsOneReadableLine() {
        String line = AlertTail.format(FIRING.getBytes(StandardCharsets.UTF_8));
        assertThat(line).isEqualTo("2026-01-15T10:30:00Z  FIRING   warning  AgentCallSuccessLow "
                + "{agent_name=planner, team=agents} value=0.82 threshold=0.9  planner call success 0.82 below 0.9");
    }

    @Test
    void aRecordThatIsNotAnAlertIsShownAsSuchNotDropped() {
        assertThat(AlertTail.format("hello".getBytes(StandardCharsets.UTF_8))).startsWith("(not a Vigil alert event");
    }
}
