package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.metrics.BuildInfo;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.topology.tracing.IngestSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Vigil's spans as an OTLP/HTTP collector receives them, configured only through the standard
 * {@code OTEL_*} variables: a real HTTP server on loopback plays the collector, and each export is
 * decoded with the protocol's own protobuf classes.
 */
class OtlpExportTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private final HttpReceiver collector = HttpReceiver.start();

    @AfterEach
    void close() {
        collector.close();
    }

    private Map<String, String> otel(String... more) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", collector.url());
        env.put("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20t0ken,x-scope=team-a");
        env.put("OTEL_SERVICE_NAME", "vigil-eu");
        env.put("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=prod,k8s.pod.name=vigil-0");
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    /** Opens and closes one ingest span under the producer's sampled trace, then flushes the SDK. */
    private static void oneSpan(VigilConfig config) {
        EventMeta meta = new EventMeta("e-1", "orchestrator", EventType.POOL_STATUS, Instant.now(), null,
                "00-" + TRACE + "-00f067aa0ba902b7-01", null);
        try (SelfTracing tracing = SelfTracing.fromConfig(config)) {
            IngestSpan.start(tracing.ingest(), new ParseResult.Valid(new PoolStatus(meta, "browser", 3, null, null)),
                    null, null, Instant.now()).close();
        }
    }

    private List<ResourceSpans> exported() throws Exception {
        List<HttpReceiver.Request> requests = collector.requests("/v1/traces");
        assertThat(requests).isNotEmpty();
        List<ResourceSpans> out = new java.util.ArrayList<>();
        for (HttpReceiver.Request r : requests) {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.contentType()).isEqualTo("application/x-protobuf");
            out.addAll(ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansList());
        }
        return out;
    }

    private static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> out = new LinkedHashMap<>();
        keyValues.forEach(kv -> out.put(kv.getKey(), kv.getValue().getStringValue()));
        return out;
    }

    @Test
    void spansReachTheOtelEndpointWithItsHeadersAndVigilsResource() throws Exception {
        VigilConfig config = ConfigLoader.load(null, otel());
        oneSpan(config);

        HttpReceiver.Request request = collector.requests("/v1/traces").get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.header("x-scope")).isEqualTo("team-a");

        List<ResourceSpans> exported = exported();
        assertThat(exported).hasSize(1);
        Map<String, String> resource = attributes(exported.get(0).getResource().getAttributesList());
        assertThat(resource)
                .containsEntry("service.name", "vigil-eu")
                .containsEntry("service.version", BuildInfo.ofThisBuild().version())
                .containsEntry("vigil.application_id", "vigil")
                .containsEntry("deployment.environment.name", "prod")
                .containsEntry("k8s.pod.name", "vigil-0")
                .containsEntry("telemetry.sdk.language", "java");
        assertThat(resource.get("service.version")).isNotBlank().isNotEqualTo("unknown");
        assertThat(UUID.fromString(resource.get("service.instance.id")).version()).isEqualTo(4);

        var span = exported.get(0).getScopeSpans(0).getSpans(0);
        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TRACE);
        assertThat(HexFormat.of().formatHex(span.getParentSpanId().toByteArray())).isEqualTo("00f067aa0ba902b7");
    }

    @Test
    void everyProcessIsItsOwnServiceInstanceUnlessTheResourceNamesOne() throws Exception {
        oneSpan(ConfigLoader.load(null, otel()));
        oneSpan(ConfigLoader.load(null, otel()));
        oneSpan(ConfigLoader.load(null, otel("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=vigil-0.vigil")));

        List<String> instances = exported().stream()
                .map(rs -> attributes(rs.getResource().getAttributesList()).get("service.instance.id")).toList();
        assertThat(instances).hasSize(3);
        assertThat(instances.get(0)).isNotEqualTo(instances.get(1));
        assertThat(instances.get(2)).isEqualTo("vigil-0.vigil");
    }

    @Test
    void theFilesKeysWinOverTheOtelVariables() throws Exception {
        VigilConfig config = ConfigLoader.fromYaml("""
                observability:
                  tracing:
                    service_name: from-file
                    headers: {Authorization: "Bearer file"}
                """, otel());
        oneSpan(config);

        assertThat(collector.requests("/v1/traces").get(0).header("Authorization")).isEqualTo("Bearer file");
        assertThat(collector.requests("/v1/traces").get(0).header("x-scope")).isNull();
        assertThat(attributes(exported().get(0).getResource().getAttributesList()))
                .containsEntry("service.name", "from-file");
    }

    @Test
    void aNonParentBasedSamplerDropsNewAndContinuedTracesAlike() {
        VigilConfig config = ConfigLoader.load(null, otel("OTEL_TRACES_SAMPLER", "always_off"));
        Context sampledParent = Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE,
                "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault())));

        assertThat(SelfTracing.sampler(config.observability().tracing()).shouldSample(sampledParent, TRACE, "s",
                io.opentelemetry.api.trace.SpanKind.CONSUMER, io.opentelemetry.api.common.Attributes.empty(),
                List.of()).getDecision()).isEqualTo(SamplingDecision.DROP);
        VigilConfig parentBased = ConfigLoader.load(null, otel("OTEL_TRACES_SAMPLER", "parentbased_always_off"));
        assertThat(SelfTracing.sampler(parentBased.observability().tracing()).shouldSample(sampledParent, TRACE, "s",
                io.opentelemetry.api.trace.SpanKind.CONSUMER, io.opentelemetry.api.common.Attributes.empty(),
                List.of()).getDecision()).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
}
