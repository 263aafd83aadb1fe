package dev.vigil.topology.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.util.Objects;

/**
 * Whether, and with which tracer, the ingest stage opens a span per input record (docs/observability.md).
 * The app builds the OpenTelemetry SDK from {@code observability.tracing} and hands it in here;
 * the topology never reads configuration of its own. {@link #off()} costs nothing per record.
 */
public final class IngestTracing {
    /** The instrumentation scope of Vigil's spans. */
    public static final String SCOPE = "dev.vigil.ingest";

    private static final IngestTracing OFF = new IngestTracing(null);

    private final Tracer tracer;

    private IngestTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** No spans, and events keep the producer's {@code traceparent} untouched. */
    public static IngestTracing off() {
        return OFF;
    }

    /** Spans from this OpenTelemetry's tracer provider (its sampler and exporter decide the rest). */
    public static IngestTracing with(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        return new IngestTracing(openTelemetry.getTracer(SCOPE));
    }

    public boolean enabled() {
        return tracer != null;
    }

    Tracer tracer() {
        if (tracer == null) {
            throw new IllegalStateException("tracing is off");
        }
        return tracer;
    }
}
