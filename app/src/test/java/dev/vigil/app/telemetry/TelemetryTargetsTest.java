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
        assertThat(traces).isEqualTo("traces  -> http://otel-collector:4318/v1/traces (OTLP/HTTP), sample rate 0.25");
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
                "traces  -> Vigil's log, one line per span (exporter logging), sample rate 1.0",
                "logs    -> off (no log output)",
                "metrics -> off: /metrics has no samples (a free port chosen at start-up still serves /healthz, /readyz "
                        + "and the aggregates API)");
    }
}
