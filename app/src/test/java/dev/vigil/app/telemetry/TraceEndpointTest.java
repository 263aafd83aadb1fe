package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where spans go for each configured endpoint, and which values earn a start-up warning. */
class TraceEndpointTest {
    @Test
    void theSeedsJaegerCollectorIsMappedToJaegersOtlpHttpEndpointWithAWarningThatSaysSo() {
        TraceEndpoint endpoint = TraceEndpoint.jaeger("http://jaeger:14268/api/traces");
        assertThat(endpoint.url()).isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(endpoint.warning())
                .contains("observability.tracing.jaeger_endpoint http://jaeger:14268/api/traces")
                .contains("legacy Thrift collector")
                .contains("OTLP/HTTP endpoint http://jaeger:4318/v1/traces");
    }

    @Test
    void theThriftPathIsMappedOnAnyPortAndSchemeKeepingTheHost() {
        assertThat(TraceEndpoint.jaeger("https://tracing.example.com/api/traces/").url())
                .isEqualTo("https://tracing.example.com:4318/v1/traces");
        assertThat(TraceEndpoint.jaeger("http://[::1]:14268/api/traces").url()).isEqualTo("http://[::1]:4318/v1/traces");
    }

    @Test
    void aJaegerEndpointThatIsAlreadyOtlpIsUsedWithoutWarning() {
        TraceEndpoint base = TraceEndpoint.jaeger("http://jaeger:4318");
        assertThat(base.url()).isEqualTo("http://jaeger:4318/v1/traces");
        assertThat(base.warning()).isNull();
        assertThat(TraceEndpoint.jaeger("http://jaeger:4318/v1/traces").url()).isEqualTo("http://jaeger:4318/v1/traces");
    }

    @Test
    void anOtlpBaseUrlGetsTheTracesPathAndAFullUrlIsKept() {
        assertThat(TraceEndpoint.otlp("http://otel-collector:4318")).isEqualTo(
                new TraceEndpoint("http://otel-collector:4318/v1/traces", null));
        assertThat(TraceEndpoint.otlp("http://otel-collector:4318/").url()).isEqualTo("http://otel-collector:4318/v1/traces");
        assertThat(TraceEndpoint.otlp("https://gateway/otlp/v1/traces").url()).isEqualTo("https://gateway/otlp/v1/traces");
    }

    @Test
    void theGrpcPortIsWarnedAbout() {
        TraceEndpoint endpoint = TraceEndpoint.otlp("http://otel-collector:4317");
        assertThat(endpoint.url()).isEqualTo("http://otel-collector:4317/v1/traces");
        assertThat(endpoint.warning()).contains("OTLP/gRPC port 4317").contains("4318");
    }
}
