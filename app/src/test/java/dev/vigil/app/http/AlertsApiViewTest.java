package dev.vigil.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.AlertInstance;
import dev.vigil.alerting.TestAlertInstances;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An alert of {@code /api/v1/alerts}: Prometheus' members and Vigil's own. */
class AlertsApiViewTest {
    @Test
    void anAlertHasPrometheusShapeAndVigilsMembers() {
        long started = Instant.parse("2026-01-15T10:30:00Z").toEpochMilli();
        AlertInstance a = TestAlertInstances.firing("AgentCallSuccessLow", Map.of("agent_name", "planner"),
                Map.of("team", "agents"), started, 1, 0.82, 0.9, Map.of("summary", "low"), null);

        Map<String, Object> view = AlertsApi.view(a);

        assertThat(view).containsEntry("labels", Map.of("agent_name", "planner", "team", "agents",
                        "alertname", "AgentCallSuccessLow", "severity", "critical"))
                .containsEntry("annotations", Map.of("summary", "low"))
                .containsEntry("state", "firing")
                .containsEntry("activeAt", "2026-01-15T10:30:00Z")
                .containsEntry("value", "8.2e-01")
                .containsEntry("rule", "AgentCallSuccessLow")
                .containsEntry("fingerprint", a.fingerprint())
                .containsEntry("threshold", 0.9)
                .containsEntry("window", "5m")
                .containsEntry("started_at", "2026-01-15T10:30:00Z");
    }

    @Test
    void anAlertWithoutAValueSaysNaN() {
        AlertInstance a = TestAlertInstances.firing("AgentSilent", Map.of(), Map.of(), 0, 1, null, 600, Map.of(), null);

        assertThat(AlertsApi.view(a)).containsEntry("value", "NaN");
    }
}
