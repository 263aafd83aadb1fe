package dev.vigil.topology.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;

/** The CloudEvents tracing extension, read and written as W3C Trace Context. */
class TraceContextsTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private static SpanContext parentOf(String traceparent, String tracestate) {
        return Span.fromContext(TraceContexts.parent(traceparent, tracestate)).getSpanContext();
    }

    @Test
    void aValidTraceparentIsARemoteParentWithItsFlagsAndState() {
        SpanContext parent = parentOf("00-" + TRACE + "-" + SPAN + "-01", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(parent.isValid()).isTrue();
        assertThat(parent.isRemote()).isTrue();
        assertThat(parent.getTraceId()).isEqualTo(TRACE);
        assertThat(parent.getSpanId()).isEqualTo(SPAN);
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent.getTraceState().get("congo")).isEqualTo("t61rcWkgMzE");
        assertThat(parentOf("00-" + TRACE + "-" + SPAN + "-00", null).isSampled()).isFalse();
    }

    @Test
    void anAbsentOrMalformedTraceparentGivesNoParent() {
        assertThat(parentOf(null, "congo=x").isValid()).isFalse();
        assertThat(parentOf("", null).isValid()).isFalse();
        assertThat(parentOf("00-" + TRACE + "-" + SPAN, null).isValid()).isFalse();
        assertThat(parentOf("00-00000000000000000000000000000000-" + SPAN + "-01", null).isValid())
                .as("an all-zero trace id is invalid").isFalse();
    }

    @Test
    void aSpanContextIsWrittenAsTraceparentAndTracestate() {
        SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(),
                TraceState.builder().put("vigil", "1").build());
        TraceContexts.W3cHeaders headers = TraceContexts.of(span);
        assertThat(headers.traceparent()).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(headers.tracestate()).isEqualTo("vigil=1");
        assertThat(TraceContexts.of(SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault())))
                .isEqualTo(new TraceContexts.W3cHeaders("00-" + TRACE + "-" + SPAN + "-00", null));
    }
}
