package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

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
                    block_cache_bytes: auto
                    write_buffer_bytes: auto
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
                  model_prices: {}
                  buckets:
                    duration_seconds: [0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0]
                """);
        assertThat(yaml).endsWith("""
                alerts:
                  rules: []
                  alertmanager:
                    urls: []
                    resend_interval: 1m
                    timeout: 10s
                    basic_auth:
                      username: null
                      password_file: null
                    bearer_token_file: null
                    tls:
                      ca_file: null
                  external_url: null
                observability:
                  tracing:
                    enabled: false
                    exporter: none
                    endpoint: null
                    jaeger_endpoint: null
                    sample_rate: 1.0
                    ui_url: null
                    sampler: parentbased_traceidratio
                    service_name: vigil
                    resource_attributes: {}
                    headers: {}
                  metrics:
                    enabled: true
                    exporter: prometheus
                    prometheus_port: 9090
                    store_metrics: false
                  logging:
                    enabled: true
                    format: text
                    level: INFO
                    exporter: stdout
                    loki_url: null
                    loki_tenant_id: null
                    loki_basic_auth:
                      username: null
                      password_file: null
                    loki_bearer_token_file: null
                http:
                  bind_address: "0.0.0.0"
                  web_config_file: null
                  bearer_token_file: null
                  unauthenticated_paths: [/healthz, /readyz]
                  client:
                    ca_file: null
                    basic_auth:
                      username: null
                      password_file: null
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
                    sasl.jaas.config: 'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="${env:KAFKA_PASSWORD}";'
                    client.id: 'c "quoted" p\\\\x'
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
                      for: 90s
                      keep_firing_for: 0s
                      resolve_threshold: null
                      severity: warning
                      labels: {team: agents, a_b: "c:d"}
                      annotations:
                        summary: "{{agent_name}} call success {{value}} below {{threshold}}"
                        description: ""
                    - {name: Second, kind: absent, metric: pool_capacity, for: 10m, threshold: 100}
                    - name: Third
                      kind: burn_rate
                      metric: task_success_ratio
                      objective: 0.999
                      windows: [{long: 1h, short: 5m, factor: 14.4}, {short: 30m, long: 6h, factor: 6}]
                      function: increase
                observability:
                  tracing: {enabled: true, exporter: otlp, endpoint: "https://otel:4318/v1/traces",
                            jaeger_endpoint: "http://jaeger:14268/api/traces", sample_rate: 0,
                            sampler: traceidratio, service_name: "vigil eu", headers: {Authorization: "Bearer a=b"},
                            resource_attributes: {deployment.environment.name: prod, "k8s.pod.uid": "123"}}
                  metrics: {enabled: false, exporter: prometheus, prometheus_port: 0, store_metrics: true}
                  logging: {enabled: false, format: json, level: trace, exporter: loki, loki_url: "http://loki:3100",
                            loki_tenant_id: "team-a"}
                """, Map.of());

        VigilConfig again = roundTrip(config);

        assertThat(again).isEqualTo(config);
        assertThat(again.observability().metrics().storeMetrics()).isTrue();
        assertThat(again.kafka().properties().keySet()).containsExactlyElementsOf(config.kafka().properties().keySet());
        assertThat(again.aggregates().pools().keySet()).containsExactly("1", "gpu-large", "pool with spaces");
        assertThat(again.aggregates().modelPrices().keySet()).containsExactly("gpt-4.1", "true");
        assertThat(again.kafka().properties()).containsEntry("client.rack", "null");
        RuleConfig rule = again.alerts().rules().get(0);
        assertThat(rule.keys()).containsExactly("name", "metric", "window", "group_by", "op", "threshold",
                "min_samples", "for", "keep_firing_for", "resolve_threshold", "severity", "labels", "annotations");
        assertThat(rule.forDuration()).isEqualTo(java.time.Duration.ofSeconds(90));
        assertThat(rule.groupBy()).containsExactly("agent_name", "model name");
        assertThat(rule.annotations()).containsEntry("description", "");
        assertThat(again.alerts().rules().get(1).threshold()).isEqualTo(100.0);
        assertThat(again.alerts().rules().get(2).windows()).containsExactly(
                new RuleConfig.BurnWindow(java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(5), 14.4),
                new RuleConfig.BurnWindow(java.time.Duration.ofHours(6), java.time.Duration.ofMinutes(30), 6));
    }

    @Test
    void rulesRenderInTheirOwnKeyOrderWithPrometheusDurationsAndWholeThresholds() {
        VigilConfig config = ConfigLoader.fromYaml("""
                alerts:
                  rules:
                    - name: Q
                      metric: queue_depth
                      threshold: 100
                      op: ">"
                      for: 90s
                """, Map.of());
        assertThat(ConfigRenderer.toYaml(config)).contains("""
                  rules:
                    - name: Q
                      metric: queue_depth
                      threshold: 100
                      op: ">"
                      for: 1m30s
                """);
    }

    @Test
    void aConfigBuiltInCodeRoundTrips() {
        VigilConfig d = ConfigLoader.defaults();
        RuleConfig rule = new RuleConfig(0, "R", null, "queue_depth", List.of("capability"), null, null, ">", 0.1,
                null, 5L, null, List.of(new RuleConfig.BurnWindow(java.time.Duration.ofHours(1),
                        java.time.Duration.ofMinutes(5), 2)), java.time.Duration.ofMinutes(1), null, null,
                Map.of("team", "x"), Map.of(), null);
        VigilConfig config = new VigilConfig(d.kafka(), d.topics(), d.aggregates(),
                new VigilConfig.Alerts(List.of(rule)), d.observability(), d.http());

        assertThat(roundTrip(config)).isEqualTo(config);
    }

    @Test
    void toMapUsesTheFileKeys() {
        Map<String, Object> map = ConfigRenderer.toMap(ConfigLoader.defaults());
        assertThat(map.keySet()).containsExactly("kafka", "topics", "aggregates", "alerts", "observability", "http");
        @SuppressWarnings("unchecked")
        Map<String, Object> aggregates = (Map<String, Object>) map.get("aggregates");
        assertThat(aggregates).containsEntry("grace", "5m").containsEntry("windows", List.of("5m", "1h"));
    }
}
