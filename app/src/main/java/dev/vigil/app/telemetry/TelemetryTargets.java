package dev.vigil.app.telemetry;

import dev.vigil.config.VigilConfig;
import java.util.List;
import java.util.Optional;

/**
 * Where Vigil's own spans, logs and metrics go under a configuration, one line each, for people
 * ({@code vigil check-config}). The effective YAML shows what was configured ({@code exporter: jaeger},
 * {@code endpoint: null}); this shows what {@code vigil run} will do with it, through the code that
 * does it: {@link TraceEndpoint#of} for spans, {@link LokiSettings#pushUrl} for logs.
 */
public final class TelemetryTargets {
    private TelemetryTargets() {
    }

    /** @return three lines: traces, logs, metrics */
    public static List<String> describe(VigilConfig.Observability observability) {
        return List.of("traces  -> " + traces(observability.tracing()),
                "logs    -> " + logs(observability.logging()),
                "metrics -> " + metrics(observability.metrics()));
    }

    static String traces(VigilConfig.Tracing tracing) {
        if (!tracing.enabled() || tracing.exporter().equals("none")) {
            return "off (no spans)";
        }
        String sampling = "sampler " + tracing.sampler() + " at " + tracing.sampleRate() + ", service.name "
                + tracing.serviceName();
        Optional<TraceEndpoint> endpoint = TraceEndpoint.of(tracing);
        if (endpoint.isPresent()) {
            return endpoint.get().url() + " (" + endpoint.get().via() + "), " + sampling;
        }
        // exporter: logging, the only one without an endpoint.
        return "Vigil's log, one line per span (exporter " + tracing.exporter() + "), " + sampling;
    }

    static String logs(VigilConfig.Logging logging) {
        if (!logging.enabled()) {
            return "off (no log output)";
        }
        String what = logging.format() + " lines, Vigil at " + logging.level() + ", libraries at WARN or stricter";
        if (logging.exporter().equals("loki")) {
            return LokiSettings.pushUrl(logging.lokiUrl()) + " (Loki push API" + access(logging.loki()) + ", "
                    + what + "); warnings and errors also on standard error";
        }
        return "standard output (" + what + ")";
    }

    /** The tenant and the kind of credentials; never a secret. */
    private static String access(VigilConfig.LokiAccess loki) {
        String tenant = loki.tenantId() == null ? "" : ", tenant " + loki.tenantId();
        String auth = loki.basicAuth() != null ? ", basic auth as " + loki.basicAuth().username()
                : loki.bearerTokenFile() != null ? ", bearer token" : "";
        return tenant + auth;
    }

    static String metrics(VigilConfig.Metrics metrics) {
        String port = metrics.prometheusPort() == 0 ? "a free port chosen at start-up"
                : "port " + metrics.prometheusPort();
        if (!metrics.enabled()) {
            return "off: /metrics has no samples (" + port + " still serves /healthz, /readyz and the aggregates API)";
        }
        return "/metrics on " + port + ", every interface (Prometheus text and OpenMetrics, for scraping)";
    }
}
