package dev.vigil.topology.tracing;

import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.AgentEvent;
import io.opentelemetry.api.trace.Span;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The trace context a Kafka record carries in plain W3C {@code traceparent} / {@code tracestate}
 * headers, as OpenTelemetry's Kafka instrumentation (the Java agent, {@code opentelemetry-kafka-clients},
 * and the other languages' Kafka instrumentations) writes it: beside the CloudEvents Distributed
 * Tracing extension ({@code ce_traceparent} in binary mode, {@code traceparent} in a structured
 * event), which Vigil reads as well.
 *
 * <p>When both are present, the event's extension wins. It is the event's own attribute: the
 * CloudEvents specification defines it as the context the event was created in, and it travels
 * with the event unchanged through every bridge and relay. The plain header belongs to the
 * transport: whatever last produced the record (a relay, MirrorMaker, a Connect pipeline, an
 * instrumented forwarder) may have replaced it with its own span. So the header fills in only for
 * an event that carries no context of its own. Either way the record continues one trace.
 *
 * <p>An adopted context becomes the event's {@code traceparent}/{@code tracestate}, with tracing on
 * or off: an alert the event triggers then names the producer's trace (or, with tracing on,
 * Vigil's span under it). A malformed header is ignored, as a malformed extension is.
 */
public final class TransportTraceContext {
    /** The W3C Trace Context header names (lower case, as the instrumentation writes them). */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private TransportTraceContext() {
    }

    /**
     * The parse result with the record's header context adopted: a valid event without a valid
     * {@code traceparent} of its own (none, or a malformed one, which would be ignored anyway) takes a
     * valid {@code traceparent} header (and the
     * {@code tracestate} header with it); anything else is returned as it is.
     */
    public static ParseResult adopt(ParseResult parsed, Headers headers) {
        if (!(parsed instanceof ParseResult.Valid valid) || valid(valid.event().meta().traceparent())) {
            return parsed;
        }
        String traceparent = header(headers, TRACEPARENT);
        if (!valid(traceparent)) {
            return parsed;
        }
        AgentEvent event = valid.event();
        AgentEvent adopted = Retraced.withTraceContext(event, traceparent, header(headers, TRACESTATE));
        return adopted == event ? parsed : new ParseResult.Valid(adopted);
    }

    /** Whether the text is a W3C traceparent with a valid trace and span id. */
    static boolean valid(String traceparent) {
        return traceparent != null
                && Span.fromContext(TraceContexts.parent(traceparent, null)).getSpanContext().isValid();
    }

    static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
