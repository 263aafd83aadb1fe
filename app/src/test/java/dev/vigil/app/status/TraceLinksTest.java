package dev.vigil.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceLinksTest {
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theTraceIdIsTheSecondFieldOfTheTraceparent() {
        assertThat(TraceLinks.traceId(TRACEPARENT)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void malformedOrMissingTraceparentsHaveNoTrace() {
        assertThat(TraceLinks.traceId(null)).isNull();
        assertThat(TraceLinks.traceId("garbage")).isNull();
        assertThat(TraceLinks.traceId("00-XYZ-00f067aa0ba902b7-01")).isNull();
        assertThat(TraceLinks.traceId("00-00000000000000000000000000000000-00f067aa0ba902b7-01")).isNull();
    }

    @Test
    void theTemplateGetsTheTraceId() {
        TraceLinks jaeger = new TraceLinks("http://localhost:16686/trace/{trace_id}");
        assertThat(jaeger.url("4bf92f3577b34da6a3ce929d0e0e4736"))
                .isEqualTo("http://localhost:16686/trace/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(jaeger.url(null)).isNull();
        assertThat(new TraceLinks(null).url("4bf92f3577b34da6a3ce929d0e0e4736")).isNull();
    }
}
