package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What check-config says about spans, logs and metrics, for each kind of configuration. */
class TelemetryTargetsTest {
    private static VigilConfig.Observability observability(String block) {
        return ConfigLoader.fromYaml("observability:\n" + block, Map.of()).observability();
    }

    @Test
    void withoutTheBlockTracingIsOffLogsGoToStdoutAndMetricsAreScraped() {
        assertThat(TelemetryTargets.describe(ConfigLoader.defaults().observability())).containsExactly(
                "traces  -> off (no spans)",
                "logs    -> standard output (text lines, Vigil at INFO, libraries at WARN or stricter)",
                "metrics -> /metrics on port 9090, every interface (Prometheus text and OpenMetrics, for scraping)");
    }

    @Test
    void anOtlpEndpointIsShownAsTheExporterWillUseIt() {
        String traces = TelemetryTargets.describe(observability("""
                  tracing:
                    enabled: true
                    exporter: otlp
                    endpoint: "http://otel-collector:4318"
                    sample_rate: 0.25
                """)).get(0);
        assertThat(traces).isEqualTo("traces  -> http://otel-collector:4318/v1/traces (OTLP/HTTP), sampler "
                + "parentbased_traceidratio at 0.25, service.name vigil");
    }

    @Test
    void theLoggingExporterAndDisabledPartsSaySo() {
        assertThat(TelemetryTargets.describe(observability("""
                  tracing:
                    enabled: true
                    exporter: logging
                  metrics:
                    enabled: false
                    prometheus_port: 0
                  logging:
                    enabled: false
                """))).containsExactly(
                "traces  -> Vigil's log, one line per span (exporter logging), sampler parentbased_traceidratio at 1.0,"
                        + " service.name vigil",
                "logs    -> off (no log output)",
                "metrics -> off: /metrics has no samples (a free port chosen at start-up still serves /healthz, /readyz "
                        + "and the aggregates API)");
    }

    @Test
    void otelVariablesShowAndLokisTenantAndCredentialKindButNoSecret() throws Exception {
        java.nio.file.Path token = java.nio.file.Files.createTempFile("loki", ".token");
        try {
            java.nio.file.Files.writeString(token, "s3cr3t");
            VigilConfig.Observability o = ConfigLoader.fromYaml("""
                    observability:
                      logging:
                        exporter: loki
                        loki_url: "http://loki:3100"
                        loki_tenant_id: team-a
                        loki_bearer_token_file: "%s"
                    """.formatted(token), Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://c:4318/v1/traces",
                    "OTEL_SERVICE_NAME", "vigil-eu", "OTEL_TRACES_SAMPLER", "traceidratio",
                    "OTEL_TRACES_SAMPLER_ARG", "0.5")).observability();
            assertThat(TelemetryTargets.describe(o)).startsWith(
                    "traces  -> http://c:4318/v1/traces (OTLP/HTTP), sampler traceidratio at 0.5, service.name vigil-eu",
                    "logs    -> http://loki:3100/loki/api/v1/push (Loki push API, tenant team-a, bearer token, text "
                            + "lines, Vigil at INFO, libraries at WARN or stricter); warnings and errors also on "
                            + "standard error");
            assertThat(String.join("\n", TelemetryTargets.describe(o))).doesNotContain("s3cr3t");
        } finally {
            java.nio.file.Files.delete(token);
        }
    }
}
