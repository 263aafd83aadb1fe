package dev.vigil.topology.tracing;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;

/**
 * The CloudEvents Distributed Tracing extension ({@code traceparent}, {@code tracestate}) to and
 * from OpenTelemetry contexts. The extension is defined as W3C Trace Context, so the W3C propagator
 * is used whatever propagators the SDK was given.
 */
final class TraceContexts {
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    /** The two extension values, either null. */
    public record W3cHeaders(String traceparent, String tracestate) {
    }

    private static final TextMapGetter<W3cHeaders> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(W3cHeaders carrier) {
            return List.of(TRACEPARENT, TRACESTATE);
        }

        @Override
        public String get(W3cHeaders carrier, String key) {
            if (carrier == null) {
                return null;
            }
            return TRACEPARENT.equals(key) ? carrier.traceparent() : TRACESTATE.equals(key) ? carrier.tracestate() : null;
        }
    };

    /** Collects what the propagator writes; one instance per injection. */
    private static final class Written {
        String traceparent;
        String tracestate;
    }

    private static final TextMapSetter<Written> SETTER = (carrier, key, value) -> {
        if (TRACEPARENT.equals(key)) {
            carrier.traceparent = value;
        } else if (TRACESTATE.equals(key)) {
            carrier.tracestate = value;
        }
    };

    private TraceContexts() {
    }

    /**
     * The producer's context as a parent: a root context when {@code traceparent} is absent or
     * malformed (the W3C rules: then {@code tracestate} is ignored too).
     */
    public static Context parent(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Context.root();
        }
        return W3C.extract(Context.root(), new W3cHeaders(traceparent, tracestate), GETTER);
    }

    /** The extension values that name {@code span} as the parent of whatever follows. */
    public static W3cHeaders of(SpanContext span) {
        Written out = new Written();
        W3C.inject(Context.root().with(io.opentelemetry.api.trace.Span.wrap(span)), out, SETTER);
        return new W3cHeaders(out.traceparent, out.tracestate);
    }
}
