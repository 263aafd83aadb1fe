package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The push body is what Loki's /loki/api/v1/push takes: streams by label set, nanosecond strings, order kept. */
class LokiPayloadTest {
    @Test
    void linesAreGroupedIntoOneStreamPerLevelInOrder() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "vigil");
        labels.put("instance", "host-1");
        byte[] body = LokiPayload.encode(labels, List.of(
                new LokiPayload.Line("INFO", 1_768_471_200_000_000_001L, "{\"message\":\"one\"}"),
                new LokiPayload.Line("WARN", 1_768_471_200_000_000_002L, "two \"quoted\"\nline"),
                new LokiPayload.Line("INFO", 1_768_471_200_000_000_003L, "three")));

        JsonNode streams = new ObjectMapper().readTree(body).get("streams");
        assertThat(streams).hasSize(2);
        JsonNode info = streams.get(0);
        assertThat(info.get("stream").toString()).isEqualTo("{\"app\":\"vigil\",\"instance\":\"host-1\",\"level\":\"INFO\"}");
        assertThat(info.get("values").toString()).isEqualTo(
                "[[\"1768471200000000001\",\"{\\\"message\\\":\\\"one\\\"}\"],[\"1768471200000000003\",\"three\"]]");
        JsonNode warn = streams.get(1);
        assertThat(warn.get("stream").get("level").asText()).isEqualTo("WARN");
        assertThat(warn.get("values").get(0).get(1).asText()).isEqualTo("two \"quoted\"\nline");
    }

    @Test
    void thePushUrlIsUnderTheBaseUrl() {
        assertThat(LokiSettings.pushUrl("http://loki:3100")).hasToString("http://loki:3100/loki/api/v1/push");
        assertThat(LokiSettings.pushUrl("http://loki:3100/")).hasToString("http://loki:3100/loki/api/v1/push");
        assertThat(LokiSettings.pushUrl("https://gw/tenant-a/loki/api/v1/push"))
                .hasToString("https://gw/tenant-a/loki/api/v1/push");
        assertThat(LokiSettings.of("http://loki:3100", "host-1").labels())
                .isEqualTo(Map.of("app", "vigil", "instance", "host-1"));
    }
}
