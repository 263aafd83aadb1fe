package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import dev.vigil.serdes.ParseResult;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.topology.tracing.IngestSpan;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** observability.tracing → the SDK: off switches, the sampler, and the seed's jaeger endpoint. */
class SelfTracingTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static VigilConfig config(String tracing) {
        return ConfigLoader.fromYaml("observability:\n  tracing:\n" + tracing, Map.of());
    }

    private static SamplingDecision decide(Sampler sampler, Context parent, String traceId) {
        return sampler.shouldSample(parent, traceId, "process agent-events", io.opentelemetry.api.trace.SpanKind.CONSUMER,
                io.opentelemetry.api.common.Attributes.empty(), List.of()).getDecision();
    }

    private static Context parent(boolean sampled) {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, "00f067aa0ba902b7",
                sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault())));
    }

    /** The share of 10,000 random new traces that the sampler keeps. */
    private static double sampledShare(Sampler sampler, Random random) {
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
            if (decide(sampler, Context.root(), traceId) == SamplingDecision.RECORD_AND_SAMPLE) {
                kept++;
            }
        }
        return kept / 10_000.0;
    }

    @Test
    void theSampleRateIsARatioForNewTracesAndTheParentsDecisionOtherwise() {
        Sampler all = SelfTracing.sampler(1.0);
        Sampler none = SelfTracing.sampler(0.0);
        Sampler half = SelfTracing.sampler(0.5);
        assertThat(decide(all, Context.root(), TRACE)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(none, Context.root(), TRACE)).isEqualTo(SamplingDecision.DROP);
        assertThat(decide(none, parent(true), TRACE)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decide(all, parent(false), TRACE)).isEqualTo(SamplingDecision.DROP);
        Random random = new Random(7);
        assertThat(sampledShare(half, random)).isBetween(0.45, 0.55);
        assertThat(sampledShare(SelfTracing.sampler(0.01), random)).isBetween(0.005, 0.015);
        assertThat(half.getDescription()).contains("ParentBased").contains("TraceIdRatioBased{0.500000}");
    }

    @Test
    void disabledOrExporterNoneMeansNoSpans() {
        assertThat(SelfTracing.fromConfig(ConfigLoader.defaults()).ingest().enabled()).isFalse();
        assertThat(SelfTracing.fromConfig(config("    enabled: false\n    exporter: logging\n")).ingest().enabled())
                .isFalse();
        assertThat(SelfTracing.fromConfig(config("    enabled: true\n    exporter: none\n")).ingest().enabled())
                .isFalse();
    }

    @Test
    void theSeedBlockTracesToJaegersOtlpEndpointAndWarnsOnceAtStartUp() {
        Logger logger = (Logger) LoggerFactory.getLogger(SelfTracing.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (SelfTracing tracing = SelfTracing.fromConfig(config("""
                    enabled: true
                    exporter: jaeger
                    jaeger_endpoint: "http://jaeger:14268/api/traces"
                    sample_rate: 1.0
                """))) {
            assertThat(tracing.ingest().enabled()).isTrue();
        } finally {
            logger.detachAppender(lines);
        }
        List<String> warnings = lines.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(warnings).containsExactly(TraceEndpoint.jaeger("http://jaeger:14268/api/traces").warning());
    }

    @Test
    void theLoggingAndOtlpExportersAreBuilt() {
        try (SelfTracing logging = SelfTracing.fromConfig(config("    enabled: true\n    exporter: logging\n"));
             SelfTracing otlp = SelfTracing.fromConfig(config(
                     "    enabled: true\n    exporter: otlp\n    endpoint: \"http://127.0.0.1:9\"\n"))) {
            assertThat(logging.ingest().enabled()).isTrue();
            assertThat(otlp.ingest().enabled()).isTrue();
        }
        assertThat(SelfTracing.exporter(config("    enabled: true\n    exporter: logging\n").observability().tracing())
                .toString()).contains("LoggingSpanExporter");
    }

    @Test
    void theBuiltSdkExportsIngestSpansWithVigilsResourceWhenClosed() {
        List<SpanData> exported = new CopyOnWriteArrayList<>();
        SpanExporter keeping = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                exported.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        EventMeta meta = new EventMeta("e-1", "orchestrator", EventType.POOL_STATUS, Instant.now(), null,
                "00-" + TRACE + "-00f067aa0ba902b7-01", null);
        try (SelfTracing tracing = SelfTracing.withExporter(keeping, 0.0, "vigil-test")) {
            IngestSpan.start(tracing.ingest(), new ParseResult.Valid(new PoolStatus(meta, "browser", 3, null, null)),
                    null, null, Instant.now()).close();
            assertThat(exported).as("batched, not exported on the processing thread").isEmpty();
        }
        assertThat(exported).hasSize(1);
        SpanData span = exported.get(0);
        assertThat(span.getTraceId()).as("a sampled parent is followed at sample_rate 0").isEqualTo(TRACE);
        assertThat(span.getResource().getAttribute(SelfTracing.SERVICE_NAME)).isEqualTo("vigil");
        assertThat(span.getResource().getAttribute(SelfTracing.APPLICATION_ID)).isEqualTo("vigil-test");
    }
}
