package dev.vigil.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.alerting.AlertEvent;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.alerting.AlertTransition;
import dev.vigil.alerting.TestAlertInstances;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AlertPayloadsTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:35:00Z");
    private static final Instant STARTED = Instant.parse("2026-01-15T10:30:00Z");
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final EventRef TRIGGER = new EventRef("orchestrator", "evt-123", TRACEPARENT);

    private final AlertPayloads payloads = new AlertPayloads("http://vigil-1:9090/", Duration.ofMinutes(1));

    private static AlertInstance firing() {
        return TestAlertInstances.firing("AgentCallSuccessLow", Map.of("agent_name", "planner"),
                Map.of("team", "agents"), STARTED.toEpochMilli(), 1, 0.82, 0.9,
                Map.of("summary", "planner call success 0.82 below 0.9"), TRIGGER);
    }

    @Test
    void aFiringAlertCarriesItsIdentityNotTheInstancesAndEndsFourResendsAhead() {
        AlertInstance instance = firing();

        PostableAlert a = payloads.of(instance, NOW);

        assertThat(a.labels()).containsExactly(Map.entry("agent_name", "planner"),
                Map.entry("alertname", "AgentCallSuccessLow"), Map.entry("severity", "critical"),
                Map.entry("team", "agents"));
        assertThat(a.annotations()).containsExactly(
                Map.entry("summary", "planner call success 0.82 below 0.9"),
                Map.entry("threshold", "9e-01"),
                Map.entry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
                Map.entry("trigger_event_id", "evt-123"),
                Map.entry("trigger_event_source", "orchestrator"),
                Map.entry("value", "8.2e-01"));
        assertThat(a.startsAt()).isEqualTo(STARTED);
        assertThat(a.endsAt()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(a.generatorURL()).isEqualTo("http://vigil-1:9090/#alert-" + instance.fingerprint());
    }

    @Test
    void aResolvedInstanceEndsAtItsResolution() {
        Instant resolvedAt = NOW.minusSeconds(30);
        PostableAlert a = payloads.of(TestAlertInstances.resolved(firing(), resolvedAt.toEpochMilli()), NOW);

        assertThat(a.endsAt()).isEqualTo(resolvedAt);
        assertThat(a.startsAt()).isBeforeOrEqualTo(a.endsAt());
        assertThat(a.labels()).containsEntry("alertname", "AgentCallSuccessLow").doesNotContainKey("instance");
    }

    @Test
    void theEventOfATransitionMapsLikeTheStoredInstance() {
        AlertInstance instance = firing();
        AlertTransition t = AlertTransition.firing(instance.rule(), instance.fingerprint(), 1, STARTED.toEpochMilli(),
                "critical", instance.labels(), new AlertTransition.Reading(0.82, 0.9, "5m", null),
                instance.annotations(), TRIGGER);

        assertThat(payloads.of(AlertEvent.of(t, "vigil"), NOW)).isEqualTo(payloads.of(instance, NOW));

        AlertTransition r = AlertTransition.resolved(instance.rule(), instance.fingerprint(), 2,
                NOW.minusSeconds(10).toEpochMilli(), STARTED.toEpochMilli(), "critical", instance.labels(),
                new AlertTransition.Reading(0.95, 0.9, "5m", null), instance.annotations(), null);
        PostableAlert resolved = payloads.of(AlertEvent.of(r, "vigil"), NOW);
        assertThat(resolved.startsAt()).isEqualTo(STARTED);
        assertThat(resolved.endsAt()).isEqualTo(NOW.minusSeconds(10));
        assertThat(resolved.annotations()).doesNotContainKeys("trigger_event_id", "trace_id");
    }

    @Test
    void timesAheadOfTheClockAreClampedSoAlertmanagerAcceptsThem() {
        AlertTransition r = AlertTransition.resolved("R", "0123456789abcdef", 2, NOW.plusSeconds(60).toEpochMilli(),
                NOW.plusSeconds(30).toEpochMilli(), "warning", new TreeMap<>(), new AlertTransition.Reading(null, 1,
                        null, null), new TreeMap<>(), null);

        PostableAlert a = payloads.of(AlertEvent.of(r, "vigil"), NOW);

        assertThat(a.startsAt()).isEqualTo(NOW);
        assertThat(a.endsAt()).isEqualTo(NOW);
        assertThat(a.annotations()).doesNotContainKey("value").containsEntry("threshold", "1e+00");
    }

    @Test
    void theBodyIsAJsonArrayInTheV2Shape() throws Exception {
        JsonNode body = new ObjectMapper().readTree(PayloadJson.write(List.of(payloads.of(firing(), NOW))));

        assertThat(body.isArray()).isTrue();
        JsonNode a = body.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("AgentCallSuccessLow");
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-01-15T10:30:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("2026-01-15T10:39:00Z");
        assertThat(a.get("generatorURL").asText()).startsWith("http://vigil-1:9090/#alert-");
    }

    @Test
    void traceIdIsTheSecondFieldOfAW3cTraceparent() {
        assertThat(AlertPayloads.traceId(TRACEPARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(AlertPayloads.traceId("garbage")).isNull();
        assertThat(AlertPayloads.traceId(null)).isNull();
    }

    @Test
    void valuesAreWrittenAsPrometheusWritesThem() {
        assertThat(PromValues.format(0.82)).isEqualTo("8.2e-01");
        assertThat(PromValues.format(100)).isEqualTo("1e+02");
        assertThat(PromValues.format(1234.5)).isEqualTo("1.2345e+03");
        assertThat(PromValues.format(-0.001)).isEqualTo("-1e-03");
        assertThat(PromValues.format(0)).isEqualTo("0e+00");
        assertThat(PromValues.format(1e300)).isEqualTo("1e+300");
        assertThat(PromValues.format(Double.NaN)).isEqualTo("NaN");
        assertThat(PromValues.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
