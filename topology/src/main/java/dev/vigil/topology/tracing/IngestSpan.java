package dev.vigil.topology.tracing;

import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.EventMeta;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.MDC;

/**
 * Vigil's span for one input record, from parsing until the record has left the ingest
 * sub-topology (towards the entity repartition topic, or to the dead-letter topic).
 *
 * <ul>
 *   <li>Parent: the event's {@code traceparent}/{@code tracestate} (either content mode, or adopted
 *       from the record's plain W3C {@code traceparent} header when the event has none: see
 *       {@link TransportTraceContext}); for a rejected record, the binary-mode {@code ce_traceparent}
 *       header if there is a valid one, else the plain {@code traceparent} header (a rejected
 *       structured value is not trusted to say anything). No parent: a new trace.</li>
 *   <li>An accepted event leaves with Vigil's span as its {@code traceparent} (same trace id as the
 *       producer's), so an alert it triggers links to this span and through it to the producer.
 *       A new trace that the sampler dropped is not stamped: nobody records it.</li>
 *   <li>A rejected record's span has status ERROR, {@code error.type} and {@code vigil.dlq.reason}
 *       set to the docs/dead-letters.md reason, and {@code vigil.dlq.detail}.</li>
 *   <li>While open, the logging MDC holds {@code trace_id}, {@code span_id} and, for an accepted
 *       event, {@code event_id}, {@code event_source}, {@code event_type}, so log lines correlate.</li>
 * </ul>
 */
public final class IngestSpan implements AutoCloseable {
    public static final String MDC_TRACE_ID = "trace_id";
    public static final String MDC_SPAN_ID = "span_id";
    public static final String MDC_EVENT_ID = "event_id";
    public static final String MDC_EVENT_SOURCE = "event_source";
    public static final String MDC_EVENT_TYPE = "event_type";

    public static final AttributeKey<String> DLQ_REASON = AttributeKey.stringKey("vigil.dlq.reason");
    public static final AttributeKey<String> DLQ_DETAIL = AttributeKey.stringKey("vigil.dlq.detail");
    /** OpenTelemetry's general attribute for the class of an error. */
    public static final AttributeKey<String> OTEL_ERROR_TYPE = AttributeKey.stringKey("error.type");
    public static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    public static final AttributeKey<String> MESSAGING_OPERATION = AttributeKey.stringKey("messaging.operation.type");
    public static final AttributeKey<String> MESSAGING_DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    public static final AttributeKey<String> MESSAGING_PARTITION =
            AttributeKey.stringKey("messaging.destination.partition.id");
    public static final AttributeKey<Long> KAFKA_OFFSET = AttributeKey.longKey("messaging.kafka.offset");

    private static final String CE_TRACEPARENT = "ce_traceparent";
    private static final String CE_TRACESTATE = "ce_tracestate";

    private final Span span;
    private final Scope scope;
    private final ParseResult result;
    private final boolean eventIds;

    private IngestSpan(Span span, Scope scope, ParseResult result, boolean eventIds) {
        this.span = span;
        this.scope = scope;
        this.result = result;
        this.eventIds = eventIds;
    }

    /**
     * Opens the span of one parsed record and makes it current.
     *
     * @param origin the record's topic, partition and offset (null when unknown)
     * @param start  when Vigil began with the record (before parsing)
     */
    public static IngestSpan start(IngestTracing tracing, ParseResult parsed, Headers headers, RecordMetadata origin,
                                   Instant start) {
        AgentEvent event = parsed instanceof ParseResult.Valid v ? v.event() : null;
        Context parent = event != null
                ? TraceContexts.parent(event.meta().traceparent(), event.meta().tracestate())
                : rejectedParent(headers);
        String topic = origin == null ? "unknown" : origin.topic();
        Span span = tracing.tracer().spanBuilder("process " + topic)
                .setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setStartTimestamp(start)
                .startSpan();
        // Attributes only for spans the sampler keeps: an unsampled record should cost next to nothing.
        if (span.isRecording()) {
            describe(span, parsed, event, origin);
        }
        SpanContext context = span.getSpanContext();
        ParseResult result = parsed;
        if (event != null && (context.isSampled() || Span.fromContext(parent).getSpanContext().isValid())) {
            TraceContexts.W3cHeaders own = TraceContexts.of(context);
            result = new ParseResult.Valid(Retraced.withTraceContext(event, own.traceparent(), own.tracestate()));
        }
        Scope scope = span.makeCurrent();
        if (context.isValid()) {
            MDC.put(MDC_TRACE_ID, context.getTraceId());
            MDC.put(MDC_SPAN_ID, context.getSpanId());
        }
        if (event != null) {
            EventMeta meta = event.meta();
            MDC.put(MDC_EVENT_ID, meta.id());
            MDC.put(MDC_EVENT_SOURCE, meta.source());
            MDC.put(MDC_EVENT_TYPE, meta.type().wireName());
        }
        return new IngestSpan(span, scope, result, event != null);
    }

    private static void describe(Span span, ParseResult parsed, AgentEvent event, RecordMetadata origin) {
        span.setAttribute(MESSAGING_SYSTEM, "kafka");
        span.setAttribute(MESSAGING_OPERATION, "process");
        if (origin != null) {
            span.setAttribute(MESSAGING_DESTINATION, origin.topic());
            span.setAttribute(MESSAGING_PARTITION, Integer.toString(origin.partition()));
            span.setAttribute(KAFKA_OFFSET, origin.offset());
        }
        if (event != null) {
            span.setAllAttributes(EventAttributes.of(event));
        } else {
            ParseResult.Invalid invalid = (ParseResult.Invalid) parsed;
            String reason = invalid.reason().wireName();
            span.setAttribute(DLQ_REASON, reason);
            span.setAttribute(OTEL_ERROR_TYPE, reason);
            span.setAttribute(DLQ_DETAIL, invalid.detail());
            span.setStatus(StatusCode.ERROR, "dead-lettered: " + reason);
        }
    }

    /** The record's verdict to pass on: an accepted event carries this span's trace context. */
    public ParseResult result() {
        return result;
    }

    /** Marks the span failed: processing the record threw. */
    public void failed(RuntimeException e) {
        span.recordException(e);
        span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    }

    @Override
    public void close() {
        MDC.remove(MDC_TRACE_ID);
        MDC.remove(MDC_SPAN_ID);
        if (eventIds) {
            MDC.remove(MDC_EVENT_ID);
            MDC.remove(MDC_EVENT_SOURCE);
            MDC.remove(MDC_EVENT_TYPE);
        }
        scope.close();
        span.end();
    }

    /** A rejected record's parent: its binary-mode extension header, else the plain W3C header. */
    private static Context rejectedParent(Headers headers) {
        String ce = TransportTraceContext.header(headers, CE_TRACEPARENT);
        if (TransportTraceContext.valid(ce)) {
            return TraceContexts.parent(ce, TransportTraceContext.header(headers, CE_TRACESTATE));
        }
        return TraceContexts.parent(TransportTraceContext.header(headers, TransportTraceContext.TRACEPARENT),
                TransportTraceContext.header(headers, TransportTraceContext.TRACESTATE));
    }
}
