package dev.vigil.topology;

import static dev.vigil.topology.TestRecords.T0;
import static dev.vigil.topology.TestRecords.binary;
import static dev.vigil.topology.TestRecords.raw;
import static dev.vigil.topology.TestRecords.str;
import static dev.vigil.topology.TestRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.ingest.DeadLetterProcessor;
import dev.vigil.topology.tracing.EventAttributes;
import dev.vigil.topology.tracing.IngestSpan;
import dev.vigil.topology.tracing.IngestTracing;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Vigil's ingest spans on TopologyTestDriver with the SDK's in-memory exporter: the producer's
 * trace continued from either content mode, a new trace without one, the ERROR span of a dead
 * letter, and an alert that links to the span of the event that triggered it.
 */
class TracingTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL = "agent.call.completed";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PRODUCER_SPAN = "00f067aa0ba902b7";
    private static final String SAMPLED = "00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-01";
    private static final String RULE = """
            alerts:
              rules:
                - name: CallsFailing
                  metric: agent_call_success_ratio
                  window: 5m
                  group_by: [agent_name]
                  op: "<"
                  threshold: 0.5
                  min_samples: 1
                  severity: warning
            """;

    @TempDir
    Path stateDir;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> alerts;
    private TestOutputTopic<byte[], byte[]> dlq;

    private void start(Sampler sampler, boolean tracing) {
        VigilConfig config = ConfigLoader.fromYaml(RULE, Map.of());
        tracerProvider = SdkTracerProvider.builder().setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        IngestTracing ingestTracing = tracing
                ? IngestTracing.with(OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build())
                : IngestTracing.off();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(VigilTopology.build(TopologySettings.from(config), ingestTracing), props);
        input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(config.topics().alerts(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.topics().dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        if (tracerProvider != null) {
            tracerProvider.close();
        }
    }

    private static String failedCall(String id) {
        return "{\"call_id\":\"" + id + "\",\"agent_name\":\"planner\",\"capability\":\"plan\",\"model_name\":\"gpt-4o\","
                + "\"status\":\"error\",\"latency_ms\":10,\"input_tokens\":100,\"output_tokens\":20,\"cost_usd\":0.25,"
                + "\"task_id\":\"t-1\",\"error_type\":\"timeout\"}";
    }

    private static TestRecord<byte[], byte[]> binaryWithTrace(String id, String data, String traceparent,
                                                             String tracestate) {
        TestRecord<byte[], byte[]> r = binary(id, id, CALL, T0, data);
        r.headers().add("ce_traceparent", utf8(traceparent));
        if (tracestate != null) {
            r.headers().add("ce_tracestate", utf8(tracestate));
        }
        return r;
    }

    private static TestRecord<byte[], byte[]> structuredWithTrace(String id, String data, String traceparent,
                                                                 String tracestate) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"orchestrator\",\"type\":\"" + CALL
                + "\",\"time\":\"" + T0 + "\",\"traceparent\":\"" + traceparent + "\""
                + (tracestate == null ? "" : ",\"tracestate\":\"" + tracestate + "\"") + ",\"data\":" + data + "}";
        return raw(id, utf8(json), new RecordHeaders().add("content-type", utf8("application/cloudevents+json")), T0);
    }

    /** As OpenTelemetry's Kafka instrumentation sends it: plain W3C headers beside the event. */
    private static TestRecord<byte[], byte[]> withPlainHeaders(TestRecord<byte[], byte[]> r, String traceparent,
                                                              String tracestate) {
        r.headers().add("traceparent", utf8(traceparent));
        if (tracestate != null) {
            r.headers().add("tracestate", utf8(tracestate));
        }
        return r;
    }

    private SpanData onlySpan() {
        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(1);
        return finished.get(0);
    }

    private JsonNode onlyAlert() throws Exception {
        List<TestRecord<byte[], byte[]>> out = alerts.readRecordsToList();
        assertThat(out).hasSize(1);
        return JSON.readTree(out.get(0).value());
    }

    @Test
    void binaryModeContinuesTheProducersTraceAndTheAlertLinksToVigilsSpan() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(binaryWithTrace("c1", failedCall("c1"), SAMPLED, "vendor=abc"));

        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("abc");
        assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(span.getName()).isEqualTo("process agent-events");
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(span.getAttributes().get(IngestSpan.MESSAGING_DESTINATION)).isEqualTo("agent-events");
        assertThat(span.getAttributes().get(IngestSpan.KAFKA_OFFSET)).isEqualTo(0L);

        JsonNode alert = onlyAlert();
        assertThat(alert.get("traceparent").asText())
                .isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
        assertThat(alert.get("data").get("trigger").get("id").asText()).isEqualTo("c1");
    }

    @Test
    void structuredModeContinuesTheProducersTraceToo() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(structuredWithTrace("c1", failedCall("c1"), SAMPLED, "vendor=xyz"));

        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(span.getSpanContext().getTraceState().get("vendor")).isEqualTo("xyz");
        assertThat(onlyAlert().get("traceparent").asText())
                .isEqualTo("00-" + TRACE_ID + "-" + span.getSpanId() + "-01");
    }

    @Test
    void anEventWithoutTraceContextStartsANewTraceThatTheAlertNames() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(binary("c1", "c1", CALL, T0, failedCall("c1")));

        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).isNotEqualTo(TRACE_ID);
        assertThat(span.getSpanContext().isSampled()).isTrue();
        // The SDK may also set W3C level 2's "random trace id" flag on a trace it starts.
        assertThat(onlyAlert().get("traceparent").asText()).isEqualTo("00-" + span.getTraceId() + "-"
                + span.getSpanId() + "-" + span.getSpanContext().getTraceFlags().asHex());
    }

    @Test
    void aMalformedTraceparentIsIgnoredAndVigilStartsATrace() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(binaryWithTrace("c1", failedCall("c1"), "00-not-a-trace-01", null));

        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(onlyAlert().get("traceparent").asText()).startsWith("00-" + span.getTraceId() + "-");
    }

    @Test
    void anUnsampledNewTraceRecordsNothingAndTheAlertCarriesNoTraceparent() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)), true);
        input.pipeInput(binary("c1", "c1", CALL, T0, failedCall("c1")));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(onlyAlert().has("traceparent")).isFalse();
    }

    @Test
    void aSampledParentIsFollowedWhateverTheRatio() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)), true);
        input.pipeInput(binaryWithTrace("c1", failedCall("c1"), SAMPLED, null));

        assertThat(onlySpan().getTraceId()).isEqualTo(TRACE_ID);
    }

    @Test
    void anUnsampledParentStaysUnsampledAndTheAlertKeepsItsTraceId() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(binaryWithTrace("c1", failedCall("c1"), "00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-00", null));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
        String traceparent = onlyAlert().get("traceparent").asText();
        assertThat(traceparent).startsWith("00-" + TRACE_ID + "-").endsWith("-00");
    }

    @Test
    void withTracingOffTheAlertCarriesTheProducersTraceparentAndNoSpanIsMade() throws Exception {
        start(Sampler.alwaysOn(), false);
        input.pipeInput(binaryWithTrace("c1", failedCall("c1"), SAMPLED, null));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(onlyAlert().get("traceparent").asText()).isEqualTo(SAMPLED);
    }

    @Test
    void aDeadLetterGetsAnErrorSpanWithItsReasonUnderTheHeadersTrace() {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(binaryWithTrace("c1", "{\"call_id\":\"c1\"}", SAMPLED, null));

        assertThat(dlq.readRecordsToList()).hasSize(1);
        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(span.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getStatus().getDescription()).contains("invalid_data");
        assertThat(span.getAttributes().get(IngestSpan.DLQ_REASON)).isEqualTo("invalid_data");
        assertThat(span.getAttributes().get(IngestSpan.OTEL_ERROR_TYPE)).isEqualTo("invalid_data");
        assertThat(span.getAttributes().get(IngestSpan.DLQ_DETAIL)).contains("data.");
    }

    @Test
    void aRecordThatIsNoCloudEventGetsAnErrorSpanInANewTrace() {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(raw("k", utf8("hello"), new RecordHeaders(), T0));

        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getAttributes().get(IngestSpan.DLQ_REASON)).isEqualTo("not_cloudevent");
        assertThat(str(dlq.readRecordsToList().get(0).headers().lastHeader("vigil.error.reason").value()))
                .isEqualTo("not_cloudevent");
    }

    @Test
    void theSpanCarriesTheEventsAttributes() {
        start(Sampler.alwaysOn(), true);
        input.pipeInput(binaryWithTrace("c1", failedCall("c1"), SAMPLED, null));

        Map<AttributeKey<?>, Object> attributes = onlySpan().getAttributes().asMap();
        assertThat(attributes).containsEntry(EventAttributes.CALL_ID, "c1")
                .containsEntry(EventAttributes.AGENT_NAME, "planner")
                .containsEntry(EventAttributes.CAPABILITY, "plan")
                .containsEntry(EventAttributes.MODEL_NAME, "gpt-4o")
                .containsEntry(EventAttributes.STATUS, "error")
                .containsEntry(EventAttributes.TOKENS, 120L)
                .containsEntry(EventAttributes.COST_USD, 0.25)
                .containsEntry(EventAttributes.TASK_ID, "t-1")
                .containsEntry(EventAttributes.ERROR_TYPE, "timeout")
                .containsEntry(EventAttributes.EVENT_ID, "c1")
                .containsEntry(EventAttributes.EVENT_SOURCE, "orchestrator")
                .containsEntry(EventAttributes.EVENT_TYPE, CALL)
                .containsEntry(IngestSpan.MESSAGING_SYSTEM, "kafka")
                .doesNotContainKey(EventAttributes.STEP_ID);
    }

    @Test
    void logLinesWrittenWhileARecordIsProcessedCarryItsTraceAndSpanIds() {
        Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterProcessor.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        Level level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        try {
            start(Sampler.alwaysOn(), true);
            input.pipeInput(binaryWithTrace("c1", "{\"call_id\":\"c1\"}", SAMPLED, null));
        } finally {
            logger.detachAppender(lines);
            logger.setLevel(level);
        }
        SpanData span = onlySpan();
        assertThat(lines.list).hasSize(1);
        assertThat(lines.list.get(0).getMDCPropertyMap())
                .containsEntry(IngestSpan.MDC_TRACE_ID, TRACE_ID)
                .containsEntry(IngestSpan.MDC_SPAN_ID, span.getSpanId());
        assertThat(lines.list.get(0).getFormattedMessage()).contains("invalid_data");
        assertThat(MDC.get(IngestSpan.MDC_TRACE_ID)).as("the MDC is cleared after the record").isNull();
    }

    // --- plain W3C traceparent headers (OpenTelemetry's Kafka instrumentation)

    private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String HEADER_SPAN = "b7ad6b7169203331";
    private static final String HEADER_SAMPLED = "00-" + OTHER_TRACE + "-" + HEADER_SPAN + "-01";

    @Test
    void aPlainTraceparentHeaderContinuesTheTraceOfABinaryModeEventWithoutItsOwn() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(withPlainHeaders(binary("c1", "c1", CALL, T0, failedCall("c1")), HEADER_SAMPLED, "kafka=1"));

        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(HEADER_SPAN);
        assertThat(span.getParentSpanContext().isRemote()).isTrue();
        assertThat(span.getSpanContext().getTraceState().get("kafka")).isEqualTo("1");
        JsonNode alert = onlyAlert();
        assertThat(alert.get("traceparent").asText()).isEqualTo("00-" + OTHER_TRACE + "-" + span.getSpanId() + "-01");
        assertThat(alert.get("data").get("trigger").get("id").asText()).isEqualTo("c1");
    }

    @Test
    void aPlainTraceparentHeaderContinuesTheTraceOfAStructuredEventWithoutItsOwn() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        String json = "{\"specversion\":\"1.0\",\"id\":\"c1\",\"source\":\"orchestrator\",\"type\":\"" + CALL
                + "\",\"time\":\"" + T0 + "\",\"data\":" + failedCall("c1") + "}";
        input.pipeInput(withPlainHeaders(raw("c1", utf8(json),
                new RecordHeaders().add("content-type", utf8("application/cloudevents+json")), T0), HEADER_SAMPLED, null));

        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(HEADER_SPAN);
        assertThat(onlyAlert().get("traceparent").asText()).startsWith("00-" + OTHER_TRACE + "-" + span.getSpanId());
    }

    @Test
    void theEventsOwnTraceContextWinsOverThePlainHeader() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(withPlainHeaders(binaryWithTrace("c1", failedCall("c1"), SAMPLED, "vendor=ce"),
                HEADER_SAMPLED, "kafka=1"));
        input.pipeInput(withPlainHeaders(structuredWithTrace("c2", failedCall("c2").replace("planner", "coder"),
                SAMPLED, null), HEADER_SAMPLED, null));

        List<SpanData> finished = spans.getFinishedSpanItems();
        assertThat(finished).hasSize(2).allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
            assertThat(span.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
        });
        assertThat(finished.get(0).getSpanContext().getTraceState().get("vendor")).isEqualTo("ce");
        assertThat(finished.get(0).getSpanContext().getTraceState().get("kafka")).isNull();
    }

    @Test
    void aMalformedOwnTraceparentGivesWayToAValidHeaderAndAMalformedHeaderIsIgnored() throws Exception {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(withPlainHeaders(binaryWithTrace("c1", failedCall("c1"), "00-not-a-trace-01", null),
                HEADER_SAMPLED, null));
        assertThat(onlySpan().getTraceId()).isEqualTo(OTHER_TRACE);

        spans.reset();
        input.pipeInput(withPlainHeaders(binary("c2", "c2", CALL, T0, failedCall("c2").replace("planner", "coder")),
                "00-" + OTHER_TRACE + "-0000000000000000-01", null));
        SpanData span = onlySpan();
        assertThat(span.getParentSpanContext().isValid()).isFalse();
        assertThat(span.getTraceId()).isNotEqualTo(OTHER_TRACE);
    }

    @Test
    void withTracingOffTheAlertCarriesThePlainHeadersTraceparent() throws Exception {
        start(Sampler.alwaysOn(), false);
        input.pipeInput(withPlainHeaders(binary("c1", "c1", CALL, T0, failedCall("c1")), HEADER_SAMPLED, null));

        assertThat(spans.getFinishedSpanItems()).isEmpty();
        assertThat(onlyAlert().get("traceparent").asText()).isEqualTo(HEADER_SAMPLED);
    }

    @Test
    void aDeadLetterWithOnlyAPlainHeaderGetsItsErrorSpanUnderThatTrace() {
        start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), true);
        input.pipeInput(withPlainHeaders(binary("c1", "c1", CALL, T0, "{\"call_id\":\"c1\"}"), HEADER_SAMPLED, null));

        assertThat(dlq.readRecordsToList()).hasSize(1);
        SpanData span = onlySpan();
        assertThat(span.getTraceId()).isEqualTo(OTHER_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo(HEADER_SPAN);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    }
}
