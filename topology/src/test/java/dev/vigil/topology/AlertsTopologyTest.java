package dev.vigil.topology;

import static dev.vigil.topology.TestRecords.T0;
import static dev.vigil.topology.TestRecords.binary;
import static dev.vigil.topology.TestRecords.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.RuleException;
import dev.vigil.alerting.AlertEvent;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.tracing.IngestTracing;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert rules judged in the topology: one firing and one resolved per breach, as CloudEvents. */
class AlertsTopologyTest {
    private static final String CALL = "agent.call.completed";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = """
            alerts:
              rules:
                - name: AgentCallSuccessLow
                  metric: agent_call_success_ratio
                  window: 5m
                  group_by: [agent_name]
                  op: "<"
                  threshold: 0.5
                  resolve_threshold: 0.7
                  min_samples: 2
                  severity: warning
                  labels: {team: agents}
                  annotations:
                    summary: "{{agent_name}} call success {{value}} below {{threshold}}"
            """;

    @TempDir
    Path stateDir;

    private VigilConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> alerts;
    private int seq;
    private final List<AlertEvent> told = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        config = ConfigLoader.fromYaml(RULES, Map.of());
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(VigilTopology.build(TopologySettings.from(config), IngestTracing.off(),
                new RefusedInputs(), TimestampWindow.ANY, told::add), props);
        input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(config.topics().alerts(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void call(String agent, String status, Instant time) {
        String id = "c" + (++seq);
        input.pipeInput(binary(id, "e-" + id, CALL, time, "{\"call_id\":\"" + id + "\",\"agent_name\":\"" + agent
                + "\",\"capability\":\"plan\",\"model_name\":\"gpt-4o\",\"status\":\"" + status
                + "\",\"latency_ms\":10,\"input_tokens\":1,\"output_tokens\":1}"));
    }

    @Test
    void aBreachFiresOnceAndResolvesOnceWithTheContractsAttributes() throws Exception {
        call("planner", "error", T0);
        call("planner", "error", T0.plusSeconds(1));   // 0/2 < 0.5 with 2 samples: fires
        call("planner", "error", T0.plusSeconds(2));   // still breached: no repeat
        call("planner", "ok", T0.plusSeconds(3));      // 1/4 = 0.25
        call("planner", "ok", T0.plusSeconds(4));      // 2/5 = 0.4
        call("planner", "ok", T0.plusSeconds(5));      // 3/6 = 0.5: not below 0.5, but under resolve 0.7
        call("planner", "ok", T0.plusSeconds(6));      // 4/7 = 0.57
        call("planner", "ok", T0.plusSeconds(7));      // 5/8 = 0.625
        call("planner", "ok", T0.plusSeconds(8));      // 6/9 = 0.67
        call("planner", "ok", T0.plusSeconds(9));      // 7/10 = 0.7: clear, resolves
        call("planner", "ok", T0.plusSeconds(10));

        List<TestRecord<byte[], byte[]>> out = alerts.readRecordsToList();
        assertThat(out).hasSize(2);
        JsonNode firing = JSON.readTree(out.get(0).value());
        JsonNode resolved = JSON.readTree(out.get(1).value());

        assertThat(str(out.get(0).headers().lastHeader("content-type").value()))
                .isEqualTo("application/cloudevents+json");
        assertThat(firing.get("specversion").asText()).isEqualTo("1.0");
        assertThat(firing.get("type").asText()).isEqualTo("vigil.alert.firing");
        assertThat(firing.get("source").asText()).isEqualTo("vigil/" + config.kafka().applicationId());
        assertThat(firing.get("subject").asText()).isEqualTo("AgentCallSuccessLow");
        String fingerprint = firing.get("data").get("fingerprint").asText();
        assertThat(str(out.get(0).key())).isEqualTo(fingerprint);
        assertThat(firing.get("partitionkey").asText()).isEqualTo(fingerprint);
        assertThat(firing.get("time").asText()).isEqualTo(T0.plusSeconds(1).toString());
        JsonNode data = firing.get("data");
        assertThat(data.get("state").asText()).isEqualTo("firing");
        assertThat(data.get("value").asDouble()).isEqualTo(0.0);
        assertThat(data.get("samples").asLong()).isEqualTo(2);
        assertThat(data.get("labels").get("agent_name").asText()).isEqualTo("planner");
        assertThat(data.get("labels").get("team").asText()).isEqualTo("agents");
        assertThat(data.get("annotations").get("summary").asText()).isEqualTo("planner call success 0 below 0.5");
        assertThat(data.get("trigger").get("id").asText()).isEqualTo("e-c2");

        assertThat(resolved.get("type").asText()).isEqualTo("vigil.alert.resolved");
        assertThat(resolved.get("data").get("fingerprint").asText()).isEqualTo(fingerprint);
        assertThat(resolved.get("id").asText()).isNotEqualTo(firing.get("id").asText());
        assertThat(resolved.get("data").get("resolved_at").asText()).isEqualTo(T0.plusSeconds(9).toString());
        assertThat(resolved.get("data").get("started_at").asText()).isEqualTo(T0.plusSeconds(1).toString());

        // The alert listener (the Alertmanager notifier) is told of the same two events, in order.
        assertThat(told).extracting(AlertEvent::id)
                .containsExactly(firing.get("id").asText(), resolved.get("id").asText());
        assertThat(told.get(0).firing()).isTrue();
        assertThat(told.get(1).data().resolvedAtMs()).isEqualTo(T0.plusSeconds(9).toEpochMilli());
    }

    @Test
    void anotherAgentIsAnotherAlertInstance() throws Exception {
        call("planner", "error", T0);
        call("planner", "error", T0.plusSeconds(1));
        call("coder", "error", T0.plusSeconds(2));
        call("coder", "error", T0.plusSeconds(3));

        List<TestRecord<byte[], byte[]>> out = alerts.readRecordsToList();
        assertThat(out).hasSize(2);
        assertThat(str(out.get(0).key())).isNotEqualTo(str(out.get(1).key()));
        assertThat(JSON.readTree(out.get(1).value()).get("data").get("labels").get("agent_name").asText())
                .isEqualTo("coder");
    }

    @Test
    void aBadRuleFileStopsTheTopologyWithAMessageNamingTheRuleAndField() {
        VigilConfig bad = ConfigLoader.fromYaml("""
                alerts:
                  rules:
                    - name: Broken
                      metric: no_such_metric
                      op: "<"
                      threshold: 1
                """, Map.of());
        assertThatThrownBy(() -> TopologySettings.from(bad)).isInstanceOf(RuleException.class)
                .hasMessageContaining("Broken").hasMessageContaining("metric");
    }
}
