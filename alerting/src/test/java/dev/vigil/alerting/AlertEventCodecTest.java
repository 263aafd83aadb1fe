package dev.vigil.alerting;

import dev.vigil.aggregates.series.EventRef;
import static dev.vigil.alerting.Harness.MIN;
import static dev.vigil.alerting.Harness.SEC;
import static dev.vigil.alerting.Harness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertEventCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = AlertEventCodecTest.class.getClassLoader()
                .getResourceAsStream("vigil/schemas/vigil.alert.schema.json")) {
            assertThat(in).as("vigil-schemas on the test class path").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in, InputFormat.JSON);
        }
    }

    /** Real transitions of every rule kind, firing and resolved, by update and by timer. */
    private static List<AlertTransition> transitionsOfEveryKind() {
        Harness h = new Harness("""
                - name: AgentCallSuccessLow
                  metric: agent_call_success_ratio
                  window: 5m
                  group_by: [agent_name]
                  op: "<"
                  threshold: 0.9
                  labels: {team: agents}
                  annotations: {summary: "{{agent_name}} call success {{value}} below {{threshold}}"}
                - name: AgentSilent
                  kind: absent
                  metric: agent_call_total
                  for: 5m
                  severity: info
                - name: Spend
                  metric: model_cost_usd_total
                  function: increase
                  window: 1h
                  op: ">"
                  threshold: 1
                - name: SloBurn
                  kind: burn_rate
                  metric: task_success_ratio
                  objective: 0.99
                  severity: critical
                """);
        List<AlertTransition> ts = new ArrayList<>();
        ts.addAll(h.at(0, Harness.call("planner", true, 0)));
        ts.addAll(h.at(SEC, Harness.call("planner", false, SEC), Harness.callCount("planner", "error"),
                Harness.cost("planner", 2.5)));
        ts.addAll(h.at(2 * SEC, Harness.task(false, 2 * SEC)));
        ts.addAll(h.tick(7 * MIN));
        ts.addAll(h.at(7 * MIN, Harness.call("planner", true, 7 * MIN), Harness.callCount("planner", "ok")));
        ts.addAll(h.tick(2 * 60 * MIN));
        return ts;
    }

    @Test
    void everyKindOfAlertValidatesAgainstTheSchema() throws IOException {
        List<AlertTransition> ts = transitionsOfEveryKind();
        assertThat(ts).extracting(AlertTransition::rule).contains("AgentCallSuccessLow", "AgentSilent", "Spend", "SloBurn");
        assertThat(ts).extracting(AlertTransition::kind).contains(AlertTransition.Kind.FIRING,
                AlertTransition.Kind.RESOLVED);
        assertThat(ts).anySatisfy(t -> assertThat(t.value()).isNull());
        assertThat(ts).anySatisfy(t -> assertThat(t.trigger()).isNull());
        assertThat(ts).anySatisfy(t -> assertThat(t.trigger()).isNotNull());
        for (AlertTransition t : ts) {
            AlertEvent event = AlertEvent.of(t, "vigil");
            JsonNode root = JSON.readTree(AlertEventCodec.toStructuredJson(event));
            List<Error> errors = schema.validate(root.get("data").toString(), InputFormat.JSON);
            assertThat(errors).as(root.toString()).isEmpty();
            assertThat(schema.validate(AlertEventCodec.dataJson(event.data()), InputFormat.JSON)).isEmpty();
            Instant.parse(root.get("time").textValue());
            Instant.parse(root.get("data").get("started_at").textValue());
        }
    }

    @Test
    void theSchemaCatchesBadData() throws IOException {
        AlertEvent event = AlertEvent.of(transitionsOfEveryKind().get(0), "vigil");
        ObjectNode data = (ObjectNode) JSON.readTree(AlertEventCodec.dataJson(event.data()));
        data.put("state", "pending");
        assertThat(schema.validate(data.toString(), InputFormat.JSON)).isNotEmpty();
        data.put("state", "firing");
        data.remove("trigger");
        assertThat(schema.validate(data.toString(), InputFormat.JSON)).isNotEmpty();
    }

    private static AlertTransition sample(AlertTransition.Kind kind, EventRef trigger) {
        boolean resolved = kind == AlertTransition.Kind.RESOLVED;
        return new AlertTransition(kind, "AgentCallSuccessLow", "9f2c41d07a3b8e65", resolved ? 2 : 1,
                resolved ? T0 + 5 * MIN : T0 + 30 * MIN / 60, "warning",
                new TreeMap<>(Map.of("agent_name", "planner", "team", "agents")), 0.82, 0.9, "5m", 57L, T0,
                resolved ? T0 + 5 * MIN : null, new TreeMap<>(Map.of("summary", "planner call success 0.82 below 0.9")),
                trigger);
    }

    @Test
    void structuredModeAttributes() throws IOException {
        EventRef trigger = new EventRef("orchestrator", "evt-123", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        AlertEvent event = AlertEvent.of(sample(AlertTransition.Kind.FIRING, trigger), "vigil-prod");
        JsonNode root = JSON.readTree(AlertEventCodec.toStructuredJson(event));
        assertThat(root.get("specversion").textValue()).isEqualTo("1.0");
        assertThat(root.get("id").textValue()).isEqualTo("9f2c41d07a3b8e65-1");
        assertThat(root.get("source").textValue()).isEqualTo("vigil/vigil-prod");
        assertThat(root.get("type").textValue()).isEqualTo("vigil.alert.firing");
        assertThat(root.get("subject").textValue()).isEqualTo("AgentCallSuccessLow");
        assertThat(root.get("time").textValue()).isEqualTo("2026-01-15T10:00:30Z");
        assertThat(root.get("datacontenttype").textValue()).isEqualTo("application/json");
        assertThat(root.get("partitionkey").textValue()).isEqualTo("9f2c41d07a3b8e65");
        assertThat(root.get("traceparent").textValue()).isEqualTo(trigger.traceparent());
        JsonNode data = root.get("data");
        assertThat(data.toString()).isEqualTo("{\"rule\":\"AgentCallSuccessLow\",\"fingerprint\":\"9f2c41d07a3b8e65\","
                + "\"state\":\"firing\",\"severity\":\"warning\",\"labels\":{\"agent_name\":\"planner\",\"team\":\"agents\"},"
                + "\"value\":0.82,\"threshold\":0.9,\"window\":\"5m\",\"samples\":57,"
                + "\"started_at\":\"2026-01-15T10:00:00Z\",\"resolved_at\":null,"
                + "\"annotations\":{\"summary\":\"planner call success 0.82 below 0.9\"},"
                + "\"trigger\":{\"source\":\"orchestrator\",\"id\":\"evt-123\"}}");
        assertThat(schema.validate(data.toString(), InputFormat.JSON)).isEmpty();
        assertThat(AlertEventCodec.CONTENT_TYPE).isEqualTo("application/cloudevents+json");
    }

    @Test
    void aResolvedEventWithoutTriggerOrTraceparent() throws IOException {
        AlertEvent event = AlertEvent.of(sample(AlertTransition.Kind.RESOLVED, null), "vigil");
        JsonNode root = JSON.readTree(AlertEventCodec.toStructuredJson(event));
        assertThat(root.get("type").textValue()).isEqualTo("vigil.alert.resolved");
        assertThat(root.get("id").textValue()).isEqualTo("9f2c41d07a3b8e65-2");
        assertThat(root.has("traceparent")).isFalse();
        assertThat(root.get("data").get("resolved_at").textValue()).isEqualTo("2026-01-15T10:05:00Z");
        assertThat(root.get("data").get("state").textValue()).isEqualTo("resolved");
        assertThat(root.get("data").get("trigger").isNull()).isTrue();
        assertThat(event.firing()).isFalse();
    }

    @Test
    void roundTrip() {
        for (AlertTransition t : transitionsOfEveryKind()) {
            AlertEvent event = AlertEvent.of(t, "vigil");
            assertThat(AlertEventCodec.fromStructuredJson(AlertEventCodec.toStructuredJson(event))).isEqualTo(event);
        }
        AlertEvent traced = AlertEvent.of(sample(AlertTransition.Kind.FIRING, new EventRef("s", "i", "00-ab-cd-01")), "v");
        assertThat(AlertEventCodec.fromStructuredJson(AlertEventCodec.toStructuredJson(traced))).isEqualTo(traced);
    }

    @Test
    void readingIsStrict() {
        assertThatThrownBy(() -> AlertEventCodec.fromStructuredJson("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("an alert event must be JSON");
        assertThatThrownBy(() -> AlertEventCodec.fromStructuredJson("{\"specversion\":\"0.3\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("specversion: expected 1.0, got 0.3");
        AlertEvent event = AlertEvent.of(sample(AlertTransition.Kind.FIRING, null), "vigil");
        String json = new String(AlertEventCodec.toStructuredJson(event), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> AlertEventCodec.fromStructuredJson(
                json.replace("\"started_at\":\"2026-01-15T10:00:00Z\"", "\"started_at\":\"yesterday\"")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("started_at: 'yesterday' is not an RFC 3339 time");
        assertThatThrownBy(() -> AlertEventCodec.fromStructuredJson(
                json.replace("\"vigil.alert.firing\"", "\"vigil.alert.pending\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("not an alert event type: vigil.alert.pending");
    }

    @Test
    void theFactoriesSetTheTimesOfTheirKind() {
        AlertTransition.Reading reading = new AlertTransition.Reading(0.5, 0.9, "5m", 20L);
        AlertTransition firing = AlertTransition.firing("R", "f", 1, T0, "warning", new TreeMap<>(), reading,
                new TreeMap<>(), null);
        assertThat(firing.kind()).isEqualTo(AlertTransition.Kind.FIRING);
        assertThat(firing.startedAtMs()).isEqualTo(T0);
        assertThat(firing.resolvedAtMs()).isNull();
        assertThat(firing.value()).isEqualTo(0.5);
        assertThat(firing.samples()).isEqualTo(20L);
        AlertTransition resolved = AlertTransition.resolved("R", "f", 2, T0 + MIN, T0, "warning", new TreeMap<>(),
                reading, new TreeMap<>(), null);
        assertThat(resolved.kind()).isEqualTo(AlertTransition.Kind.RESOLVED);
        assertThat(resolved.startedAtMs()).isEqualTo(T0);
        assertThat(resolved.resolvedAtMs()).isEqualTo(T0 + MIN);
        assertThat(resolved.window()).isEqualTo("5m");
    }

    @Test
    void anEmptyTraceparentOfTheTriggerIsNone() {
        AlertEvent event = AlertEvent.of(sample(AlertTransition.Kind.FIRING, new EventRef("s", "i", "")), "v");
        assertThat(event.traceparent()).isNull();
        assertThat(event.data().trigger()).isEqualTo(new AlertEvent.TriggerRef("s", "i"));
    }
}
