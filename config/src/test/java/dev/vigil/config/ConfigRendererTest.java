package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRendererTest {

    private static VigilConfig roundTrip(VigilConfig config) {
        return ConfigLoader.fromYaml(ConfigRenderer.toYaml(config), Map.of());
    }

    @Test
    void theDefaultsRenderWithTheFileKeysAndPrometheusDurations() {
        String yaml = ConfigRenderer.toYaml(ConfigLoader.defaults());

        assertThat(yaml).startsWith("""
                kafka:
                  bootstrap_servers: "localhost:9092"
                  application_id: vigil
                  processing_guarantee: exactly_once_v2
                  properties: {}
                  rocksdb:
                    block_cache_bytes: 536870912
                    write_buffer_bytes: 134217728
                topics:
                  input: agent-events
                  alerts: agent-alerts
                  dlq: agent-events-dlq
                  max_event_bytes: 1048576
                  input_keyed_by_entity: false
                aggregates:
                  grace: 5m
                  dedup_horizon: 1d
                  max_future_skew: 5m
                  windows: [5m, 1h]
                  browser_pool: browser
                  max_series_per_metric: 2000
                  pools:
                    browser:
                      capacity: 20
                  model_prices:
                    gpt-4o:
                      input_per_mtok: 2.5
                      output_per_mtok: 10.0
                  buckets:
                    duration_seconds: [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0]
                """);
        assertThat(yaml).endsWith("""
                alerts:
                  rules: []
                observability:
                  tracing:
                    enabled: false
                    exporter: none
                    endpoint: null
                    jaeger_endpoint: null
                    sample_rate: 1.0
                  metrics:
                    enabled: true
                    exporter: prometheus
                    prometheus_port: 9090
                  logging:
                    enabled: true
                    format: text
                    level: INFO
                    exporter: stdout
                    loki_url: null
                """);
        assertThat(ConfigLoader.defaults().toYaml()).isEqualTo(yaml);
    }

    @Test
    void theDefaultsRoundTrip() {
        assertThat(roundTrip(ConfigLoader.defaults())).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void aConfigWithEveryKeySetRoundTrips() {
        VigilConfig config = ConfigLoader.fromYaml("""
                kafka:
                  bootstrap_servers: "a:9092, b:9092"
                  application_id: vigil.prod_1
                  processing_guarantee: at_least_once
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="p\\\\x";'
                    linger.ms: 5
                    enable.idempotence: true
                    client.rack: "null"
                    note: "line one\\nline two\\ttab # not a comment: really"
                    empty: ""
                topics: {input: in.events, alerts: out-alerts, dlq: dead_letters, max_event_bytes: 1}
                aggregates:
                  grace: 0s
                  dedup_horizon: 1h30m
                  windows: [250ms, 1m30s, 1w]
                  browser_pool: "yes"
                  max_series_per_metric: 1
                  pools:
                    "1": {capacity: 0}
                    gpu-large: {capacity: 9223372036854775807}
                    "pool with spaces": {capacity: 3}
                  model_prices:
                    gpt-4.1: {input_per_mtok: 0.0001, output_per_mtok: 1.0E10}
                    true: {input_per_mtok: 0, output_per_mtok: 0}
                  buckets:
                    duration_seconds: [0.001, 1.5, 1e3]
                    call_latency_seconds: [1]
                alerts:
                  rules:
                    - name: AgentCallSuccessLow
                      metric: agent_call_success_ratio
                      window: 5m
                      group_by: [agent_name, "model name"]
                      op: "<"
                      threshold: 0.9
                      min_samples: 20
                      big: 123456789012345678901234567890
                      long: 12345678901
                      for: 1m
                      keep_firing_for: 0s
                      resolve_threshold: null
                      flag: false
                      numeric_string: "123"
                      bool_string: "true"
                      labels: {team: agents, "a.b": "c:d", "": empty-key}
                      annotations:
                        summary: "{{agent_name}} call success {{value}} below {{threshold}}"
                      nested: [[1, 2], [{x: 1}], {}, []]
                    - {name: Second, kind: absent, for: 10m}
                observability:
                  tracing: {enabled: true, exporter: otlp, endpoint: "https://otel:4318/v1/traces",
                            jaeger_endpoint: "http://jaeger:14268/api/traces", sample_rate: 0}
                  metrics: {enabled: false, exporter: prometheus, prometheus_port: 0}
                  logging: {enabled: false, format: json, level: trace, exporter: loki, loki_url: "http://loki:3100"}
                """, Map.of());

        VigilConfig again = roundTrip(config);

        assertThat(again).isEqualTo(config);
        assertThat(again.kafka().properties().keySet()).containsExactlyElementsOf(config.kafka().properties().keySet());
        assertThat(again.aggregates().pools().keySet()).containsExactly("1", "gpu-large", "pool with spaces");
        assertThat(again.aggregates().modelPrices().keySet()).containsExactly("gpt-4.1", "true");
        assertThat(again.kafka().properties()).containsEntry("client.rack", "null");
        Map<String, Object> rule = again.alerts().rules().get(0);
        assertThat(rule.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(rule.get("long")).isEqualTo(12345678901L);
        assertThat(rule.get("numeric_string")).isEqualTo("123");
        assertThat(rule.get("bool_string")).isEqualTo("true");
        assertThat(rule.get("flag")).isEqualTo(false);
        assertThat(rule.get("nested")).isEqualTo(List.of(List.of(1, 2), List.of(Map.of("x", 1)), Map.of(), List.of()));
    }

    @Test
    void aConfigBuiltInCodeRoundTrips() {
        VigilConfig d = ConfigLoader.defaults();
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", "R");
        rule.put("threshold", 0.1);
        rule.put("values", List.of(1, 2.5, "x", true));
        rule.put("none", null);
        VigilConfig config = new VigilConfig(d.kafka(), d.topics(), d.aggregates(),
                new VigilConfig.Alerts(List.of(rule)), d.observability());

        assertThat(roundTrip(config)).isEqualTo(config);
    }

    @Test
    void toMapUsesTheFileKeys() {
        Map<String, Object> map = ConfigRenderer.toMap(ConfigLoader.defaults());
        assertThat(map.keySet()).containsExactly("kafka", "topics", "aggregates", "alerts", "observability");
        @SuppressWarnings("unchecked")
        Map<String, Object> aggregates = (Map<String, Object>) map.get("aggregates");
        assertThat(aggregates).containsEntry("grace", "5m").containsEntry("windows", List.of("5m", "1h"));
    }
}
