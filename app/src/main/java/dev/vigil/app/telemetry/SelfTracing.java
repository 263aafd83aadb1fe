package dev.vigil.app.telemetry;

import dev.vigil.config.VigilConfig;
import dev.vigil.topology.tracing.IngestTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's tracing, built once at start-up from {@code observability.tracing} (docs/observability.md) with the
 * OpenTelemetry SDK (no agent): a parent-based ratio sampler of {@code sample_rate}, a batch span
 * processor (spans are queued and exported off the processing thread; a full queue drops spans
 * rather than slowing processing), and the configured exporter. Disabled, or exporter
 * {@code none}: no SDK at all, and the topology opens no spans.
 */
public final class SelfTracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfTracing.class);
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> APPLICATION_ID = AttributeKey.stringKey("vigil.application_id");

    private final IngestTracing ingest;
    private final OpenTelemetrySdk owned;

    private SelfTracing(IngestTracing ingest, OpenTelemetrySdk owned) {
        this.ingest = ingest;
        this.owned = owned;
    }

    /** Tracing as the configuration says; logs the endpoint's warning, if any, once. */
    public static SelfTracing fromConfig(VigilConfig config) {
        VigilConfig.Tracing tracing = config.observability().tracing();
        if (!tracing.enabled() || tracing.exporter().equals("none")) {
            return off();
        }
        SpanExporter exporter = exporter(tracing);
        LOG.info("Tracing: exporter {}, sample rate {}", tracing.exporter(), tracing.sampleRate());
        return withExporter(exporter, tracing.sampleRate(), config.kafka().applicationId());
    }

    /** No spans. */
    public static SelfTracing off() {
        return new SelfTracing(IngestTracing.off(), null);
    }

    /** Spans through an OpenTelemetry the caller built and closes (tests, benchmarks). */
    public static SelfTracing borrowing(OpenTelemetry openTelemetry) {
        return new SelfTracing(IngestTracing.with(openTelemetry), null);
    }

    /** The SDK Vigil runs with, exporting to {@code exporter}; closed with this. */
    static SelfTracing withExporter(SpanExporter exporter, double sampleRate, String applicationId) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                SERVICE_NAME, "vigil", APPLICATION_ID, applicationId)));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(sampler(sampleRate))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new SelfTracing(IngestTracing.with(sdk), sdk);
    }

    /** docs/observability.md: {@code sample_rate} is a parent-based ratio sampler. */
    static Sampler sampler(double sampleRate) {
        return Sampler.parentBased(Sampler.traceIdRatioBased(sampleRate));
    }

    static SpanExporter exporter(VigilConfig.Tracing tracing) {
        switch (tracing.exporter()) {
            case "otlp":
            case "jaeger":
                return otlp(TraceEndpoint.of(tracing).orElseThrow());
            case "logging":
                // Logs through java.util.logging, which LoggingSetup routes to SLF4J.
                return LoggingSpanExporter.create();
            default:
                throw new IllegalArgumentException("observability.tracing.exporter: no span exporter for '"
                        + tracing.exporter() + "'");
        }
    }

    private static SpanExporter otlp(TraceEndpoint endpoint) {
        if (endpoint.warning() != null) {
            LOG.warn(endpoint.warning());
        }
        return OtlpHttpSpanExporter.builder().setEndpoint(endpoint.url()).build();
    }

    /** What the topology needs: whether and how to open a span per record. */
    public IngestTracing ingest() {
        return ingest;
    }

    /** Exports what is still queued (bounded), then stops the SDK if this owns it. */
    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
