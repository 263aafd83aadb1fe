package dev.vigil.app.telemetry;

import dev.vigil.app.metrics.BuildInfo;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.tracing.IngestTracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.common.InternalTelemetryVersion;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's tracing, built once at start-up from {@code observability.tracing} (docs/observability.md) with the
 * OpenTelemetry SDK (no agent; the standard {@code OTEL_*} variables reach it through the
 * configuration, see {@code OtelEnvironment}): a (parent-based) ratio sampler of {@code sample_rate}, a batch span
 * processor (spans are queued and exported off the processing thread; a full queue drops spans
 * rather than slowing processing), and the configured exporter. Spans dropped from the queue or lost in a
 * failed export are counted ({@link SpanDrops}, {@code vigil_trace_spans_dropped_total}). Disabled, or exporter
 * {@code none}: no SDK at all, and the topology opens no spans.
 */
public final class SelfTracing implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfTracing.class);
    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    static final AttributeKey<String> SERVICE_INSTANCE_ID = AttributeKey.stringKey("service.instance.id");
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
        Resource resource = resource(tracing, config.kafka().applicationId(), BuildInfo.ofThisBuild().version());
        // Header names only: their values are credentials.
        LOG.info("Tracing: exporter {}, sampler {} at {}, service.name {}, service.instance.id {}{}",
                tracing.exporter(), tracing.sampler(), tracing.sampleRate(), resource.getAttribute(SERVICE_NAME),
                resource.getAttribute(SERVICE_INSTANCE_ID),
                tracing.headers().isEmpty() ? "" : ", headers " + tracing.headers().keySet());
        return withExporter(exporter, sampler(tracing), resource);
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
        VigilConfig.Tracing defaults = new VigilConfig.Tracing(true, "otlp", null, null, sampleRate);
        return withExporter(exporter, sampler(defaults), resource(defaults, applicationId, "test"));
    }

    static SelfTracing withExporter(SpanExporter exporter, Sampler sampler, Resource resource) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(sampler)
                .addSpanProcessor(BatchSpanProcessor.builder(SpanDrops.counting(exporter))
                        // Spans dropped because the queue is full are counted by the SDK into SpanDrops.
                        .setMeterProvider(SpanDrops.meterProvider())
                        .setInternalTelemetryVersion(InternalTelemetryVersion.LATEST)
                        .build())
                .build();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        return new SelfTracing(IngestTracing.with(sdk), sdk);
    }

    /**
     * The resource of every span: the SDK's own attributes ({@code telemetry.sdk.*}), then
     * {@code resource_attributes}, then Vigil's: {@code service.name} ({@code service_name}),
     * {@code service.version} (this build) and {@code vigil.application_id}.
     *
     * <p>{@code service.instance.id} is a random UUID made once per process, unless
     * {@code resource_attributes} names one: it must tell apart every process of the service that
     * sends spans at once (the replicas of a StatefulSet share the application id, and a restarted
     * pod keeps its host name and its {@code application.server}, but is a new process whose spans
     * must not be mistaken for its predecessor's). The semantic conventions recommend a UUID for
     * exactly this; a platform that prefers the pod's name sets it through
     * {@code OTEL_RESOURCE_ATTRIBUTES=service.instance.id=...}.
     */
    static Resource resource(VigilConfig.Tracing tracing, String applicationId, String version) {
        AttributesBuilder configured = Attributes.builder();
        tracing.resourceAttributes().forEach(configured::put);
        Attributes given = configured.build();
        String instance = given.get(SERVICE_INSTANCE_ID) != null ? given.get(SERVICE_INSTANCE_ID)
                : UUID.randomUUID().toString();
        return Resource.getDefault()
                .merge(Resource.create(given))
                .merge(Resource.create(Attributes.of(SERVICE_NAME, tracing.serviceName(), SERVICE_VERSION, version,
                        SERVICE_INSTANCE_ID, instance, APPLICATION_ID, applicationId)));
    }

    /** docs/observability.md: a ratio sampler, parent-based unless {@code sampler: traceidratio}. */
    static Sampler sampler(VigilConfig.Tracing tracing) {
        Sampler ratio = Sampler.traceIdRatioBased(tracing.sampleRate());
        return tracing.parentBased() ? Sampler.parentBased(ratio) : ratio;
    }

    /** The default sampler, parent-based, at {@code sampleRate}. */
    static Sampler sampler(double sampleRate) {
        return Sampler.parentBased(Sampler.traceIdRatioBased(sampleRate));
    }

    static SpanExporter exporter(VigilConfig.Tracing tracing) {
        switch (tracing.exporter()) {
            case "otlp":
            case "jaeger":
                return otlp(TraceEndpoint.of(tracing).orElseThrow(), tracing.headers());
            case "logging":
                // Logs through java.util.logging, which LoggingSetup routes to SLF4J.
                return LoggingSpanExporter.create();
            default:
                throw new IllegalArgumentException("observability.tracing.exporter: no span exporter for '"
                        + tracing.exporter() + "'");
        }
    }

    private static SpanExporter otlp(TraceEndpoint endpoint, Map<String, String> headers) {
        if (endpoint.warning() != null) {
            LOG.warn(endpoint.warning());
        }
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(endpoint.url());
        headers.forEach(builder::addHeader);
        return builder.build();
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
