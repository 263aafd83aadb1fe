package dev.vigil.app.telemetry;

import dev.vigil.config.VigilConfig;
import java.net.URI;
import java.util.Optional;

/**
 * Where Vigil sends its spans: an OTLP/HTTP (protobuf) traces URL, and the start-up warning the
 * configured value deserves, if any.
 *
 * <p>{@code observability.tracing.endpoint} is read as {@code OTEL_EXPORTER_OTLP_ENDPOINT} is: a
 * base URL gets {@code /v1/traces} appended; a URL with a path is used as it is. Vigil speaks
 * OTLP over HTTP only (the JDK's HTTP client, no gRPC stack), so a URL on 4317, the OTLP/gRPC
 * port, is warned about.
 *
 * <p>{@code observability.tracing.jaeger_endpoint}: Jaeger ingests OTLP, and its legacy Thrift
 * collector path {@code /api/traces} (port 14268) is mapped to Jaeger's OTLP/HTTP endpoint on the
 * same host, port 4318, path {@code /v1/traces}, with a warning that says so. Any other value is
 * read as an OTLP endpoint of Jaeger.
 *
 * <p>{@code vigil run} exports to it and {@code vigil check-config} prints it, both through
 * {@link #of(VigilConfig.Tracing)}, so what is printed is where spans go.
 *
 * @param url     the OTLP/HTTP traces URL
 * @param warning what to log once at start-up, or null
 * @param via     how {@code url} was obtained, for people: the protocol and any mapping
 */
record TraceEndpoint(String url, String warning, String via) {
    static final String TRACES_PATH = "/v1/traces";
    static final int OTLP_HTTP_PORT = 4318;
    static final int OTLP_GRPC_PORT = 4317;
    private static final String JAEGER_THRIFT_PATH = "/api/traces";
    private static final String OTLP_HTTP = "OTLP/HTTP";

    /** An endpoint used as configured: OTLP over HTTP, no mapping. */
    public TraceEndpoint(String url, String warning) {
        this(url, warning, OTLP_HTTP);
    }

    /**
     * Where the configured exporter sends spans over OTLP/HTTP: for {@code otlp} and {@code jaeger};
     * empty for the others ({@code logging}, {@code none}) and when tracing is off.
     */
    public static Optional<TraceEndpoint> of(VigilConfig.Tracing tracing) {
        if (!tracing.enabled()) {
            return Optional.empty();
        }
        return switch (tracing.exporter()) {
            case "otlp" -> Optional.of(otlp(tracing.endpoint()));
            case "jaeger" -> Optional.of(jaeger(tracing.jaegerEndpoint()));
            default -> Optional.empty();
        };
    }

    /** {@code observability.tracing.endpoint}. */
    public static TraceEndpoint otlp(String endpoint) {
        URI uri = URI.create(endpoint);
        String url = withTracesPath(uri);
        String warning = uri.getPort() == OTLP_GRPC_PORT
                ? "observability.tracing.endpoint " + endpoint + " is on the OTLP/gRPC port " + OTLP_GRPC_PORT
                  + "; Vigil exports OTLP over HTTP (protobuf) to " + url + ", which collectors receive on port "
                  + OTLP_HTTP_PORT
                : null;
        return new TraceEndpoint(url, warning);
    }

    /** {@code observability.tracing.jaeger_endpoint}. */
    public static TraceEndpoint jaeger(String jaegerEndpoint) {
        URI uri = URI.create(jaegerEndpoint);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!path.equals(JAEGER_THRIFT_PATH) && !path.equals(JAEGER_THRIFT_PATH + "/")) {
            return new TraceEndpoint(withTracesPath(uri), null, OTLP_HTTP + ", jaeger_endpoint read as Jaeger's OTLP endpoint");
        }
        String url = uri.getScheme() + "://" + host(uri) + ":" + OTLP_HTTP_PORT + TRACES_PATH;
        return new TraceEndpoint(url, "observability.tracing.jaeger_endpoint " + jaegerEndpoint
                + " is Jaeger's legacy Thrift collector; Jaeger ingests OpenTelemetry's OTLP, so Vigil sends its spans"
                + " to Jaeger's OTLP/HTTP endpoint " + url + " instead (set exporter: otlp with endpoint to choose"
                + " another)", OTLP_HTTP + ", mapped from the Jaeger collector URL " + jaegerEndpoint);
    }

    private static String withTracesPath(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return uri.getScheme() + "://" + uri.getRawAuthority() + TRACES_PATH;
        }
        return uri.toString();
    }

    /** The host as it appears in a URL: IPv6 literals keep their brackets. */
    private static String host(URI uri) {
        String host = uri.getHost();
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
