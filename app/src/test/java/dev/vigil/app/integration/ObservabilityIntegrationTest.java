package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.VigilApp;
import dev.vigil.app.telemetry.HttpReceiver;
import dev.vigil.app.telemetry.LoggingSetup;
import dev.vigil.app.telemetry.LokiSettings;
import dev.vigil.app.telemetry.SelfTracing;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.tracing.EventAttributes;
import dev.vigil.topology.tracing.IngestSpan;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Vigil observing itself on a real broker (docs/observability.md): spans that continue the producers' traces
 * and an alert that links to its trigger's; JSON log lines pushed to a Loki and spans to an OTLP
 * collector, both played by a real HTTP server; and a receiver that stops answering, which costs
 * counted log drops and nothing else.
 */
class ObservabilityIntegrationTest extends BrokerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALL = "agent.call.completed";
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

    private static String traceparent(String traceId) {
        return "00-" + traceId + "-00f067aa0ba902b7-01";
    }

    private static ProducerRecord<byte[], byte[]> binary(String topic, String id, String type, String data,
                                                         String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0")).add("ce_id", utf8(id)).add("ce_source", utf8("orchestrator"))
                .add("ce_type", utf8(type)).add("ce_time", utf8(Instant.now().toString()))
                .add("content-type", utf8("application/json"));
        if (traceparent != null) {
            headers.add("ce_traceparent", utf8(traceparent));
        }
        return new ProducerRecord<>(topic, null, utf8(id), utf8(data), headers);
    }

    private static ProducerRecord<byte[], byte[]> structured(String topic, String id, String type, String data,
                                                             String traceparent) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"orchestrator\",\"type\":\"" + type
                + "\",\"traceparent\":\"" + traceparent + "\",\"data\":" + data + "}";
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", utf8("application/cloudevents+json"));
        return new ProducerRecord<>(topic, null, utf8(id), utf8(json), headers);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    private static SpanData spanOfTrace(List<SpanData> spans, String traceId) {
        return spans.stream().filter(s -> s.getTraceId().equals(traceId)).findFirst().orElseThrow();
    }

    @Test
    void spansContinueTheProducersTracesAndTheAlertLinksToItsTrigger() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 1);
        String callTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String taskTrace = "0af7651916cd43dd8448eb211c80319c";
        String rejectTrace = "5b8aa5a2d2c872e8321cf37308d69df2";
        String headerTrace = "7c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f";
        // As OpenTelemetry's Kafka instrumentation sends it: a plain W3C header, no CloudEvents extension.
        ProducerRecord<byte[], byte[]> plainHeader = binary(topics.input(), "t-2", "agent.task.status_changed",
                "{\"task_id\":\"t-2\",\"status\":\"submitted\"}", null);
        plainHeader.headers().add("traceparent", utf8(traceparent(headerTrace)));
        send(List.of(plainHeader,
                binary(topics.input(), "c-1", CALL, "{\"call_id\":\"c-1\",\"agent_name\":\"planner\","
                        + "\"capability\":\"plan\",\"model_name\":\"gpt-4o\",\"status\":\"error\",\"latency_ms\":12,"
                        + "\"input_tokens\":300,\"output_tokens\":50,\"error_type\":\"timeout\"}", traceparent(callTrace)),
                structured(topics.input(), "t-1", "agent.task.status_changed",
                        "{\"task_id\":\"t-1\",\"status\":\"submitted\"}", traceparent(taskTrace)),
                binary(topics.input(), "bad-1", CALL, "{\"call_id\":\"bad-1\"}", traceparent(rejectTrace))));

        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
             VigilApp app = VigilApp.start(config(topics, Map.of("VIGIL_OBSERVABILITY_METRICS_ENABLED", "false"), RULE),
                     SelfTracing.borrowing(OpenTelemetrySdk.builder().setTracerProvider(provider).build()))) {
            List<ConsumerRecord<byte[], byte[]>> alerts = readCommitted(topics.alerts(), 1);
            await("a span per record").atMost(TIMEOUT).until(() -> exporter.getFinishedSpanItems().size() >= 4);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            assertThat(spans).hasSize(4);

            SpanData fromHeader = spanOfTrace(spans, headerTrace);
            assertThat(fromHeader.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(fromHeader.getAttributes().get(EventAttributes.TASK_ID)).isEqualTo("t-2");

            SpanData call = spanOfTrace(spans, callTrace);
            assertThat(call.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
            assertThat(call.getName()).isEqualTo("process " + topics.input());
            assertThat(call.getAttributes().get(EventAttributes.CALL_ID)).isEqualTo("c-1");
            assertThat(call.getAttributes().get(EventAttributes.AGENT_NAME)).isEqualTo("planner");
            assertThat(call.getAttributes().get(EventAttributes.MODEL_NAME)).isEqualTo("gpt-4o");
            assertThat(call.getAttributes().get(EventAttributes.TOKENS)).isEqualTo(350L);
            assertThat(call.getAttributes().get(EventAttributes.STATUS)).isEqualTo("error");
            assertThat(call.getAttributes().get(EventAttributes.ERROR_TYPE)).isEqualTo("timeout");

            SpanData task = spanOfTrace(spans, taskTrace);
            assertThat(task.getAttributes().get(EventAttributes.TASK_ID)).isEqualTo("t-1");
            assertThat(task.getAttributes().get(EventAttributes.STATUS)).isEqualTo("submitted");

            SpanData rejected = spanOfTrace(spans, rejectTrace);
            assertThat(rejected.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(rejected.getAttributes().get(IngestSpan.DLQ_REASON)).isEqualTo("invalid_data");

            JsonNode alert = JSON.readTree(alerts.get(0).value());
            assertThat(alert.get("type").asText()).isEqualTo("vigil.alert.firing");
            assertThat(alert.get("data").get("trigger").get("id").asText()).isEqualTo("c-1");
            assertThat(alert.get("traceparent").asText()).as("the alert points at Vigil's span of its trigger")
                    .isEqualTo("00-" + callTrace + "-" + call.getSpanId() + "-01");

            // metrics.enabled: false (set for this test) empties /metrics and keeps the probes.
            assertThat(get(app.httpPort(), "/readyz", null).statusCode()).isEqualTo(200);
            assertThat(metrics(app.httpPort())).doesNotContain("vigil_", "kafka_", "agent_call_total");
        }
    }

    @Test
    void logsReachLokiAndSpansTheCollectorAndAStalledReceiverCostsCountedDropsNotProcessing() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 1);
        String trace = "0123456789abcdef0123456789abcdef";
        HttpReceiver receiver = HttpReceiver.start();
        VigilConfig config = config(topics, Map.of(), """
                observability:
                  tracing:
                    enabled: true
                    exporter: otlp
                    endpoint: "%s"
                    sample_rate: 1.0
                  logging:
                    enabled: true
                    format: json
                    level: DEBUG
                    exporter: loki
                    loki_url: "%s"
                """.formatted(receiver.url(), receiver.url()));
        LoggingSetup.apply(config.observability().logging(), LokiSettings.of(config.observability().logging().lokiUrl(),
                "it-host").withBounds(100, 50, Duration.ofMillis(100), Duration.ofMillis(500)));
        VigilApp app = null;
        try {
            app = VigilApp.start(config);
            int port = app.httpPort();
            List<ProducerRecord<byte[], byte[]>> first = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                first.add(binary(topics.input(), "bad-" + i, CALL, "{}", traceparent(trace)));
            }
            send(first);

            // Every dead letter writes a DEBUG line inside its span: it reaches Loki with the producer's trace id.
            await("log lines with the trace id in Loki").atMost(TIMEOUT)
                    .until(() -> lokiLines(receiver).stream().filter(l -> trace.equals(text(l.line(), "trace_id"))).count()
                            >= 20);
            LokiLine line = lokiLines(receiver).stream().filter(l -> trace.equals(text(l.line(), "trace_id")))
                    .findFirst().orElseThrow();
            assertThat(line.labels()).isEqualTo(Map.of("app", "vigil", "instance", "it-host", "level", "DEBUG"));
            assertThat(line.line().get("level").asText()).isEqualTo("DEBUG");
            assertThat(line.line().get("logger").asText()).isEqualTo("dev.vigil.topology.ingest.DeadLetterProcessor");
            assertThat(line.line().get("message").asText()).contains("invalid_data");
            assertThat(line.line().get("span_id").asText()).matches("[0-9a-f]{16}");
            assertThat(Instant.parse(line.line().get("timestamp").asText())).isBefore(Instant.now());
            assertThat(receiver.requests("/loki/api/v1/push")).allSatisfy(r -> {
                assertThat(r.contentType()).isEqualTo("application/json");
                assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
            });

            // Spans are batched to the collector as OTLP/HTTP protobuf; the producer's trace id is in them.
            byte[] traceBytes = HexFormat.of().parseHex(trace);
            await("spans exported over OTLP/HTTP").atMost(TIMEOUT).until(() -> receiver.requests("/v1/traces")
                    .stream().anyMatch(r -> contains(r.body(), traceBytes)));
            assertThat(receiver.requests("/v1/traces")).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.contentType()).isEqualTo("application/x-protobuf");
            });

            // The receiver stops answering: Vigil goes on, and the lines it cannot send are counted.
            receiver.stall();
            List<ProducerRecord<byte[], byte[]>> more = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                more.add(binary(topics.input(), "more-" + i, CALL, "{}", null));
            }
            send(more);
            await("every record dead-lettered while Loki hangs").atMost(TIMEOUT).until(() ->
                    PrometheusText.series(metrics(port), "vigil_dlq_total", "reason").getOrDefault("invalid_data", 0L)
                            == 2_020L);
            await("log drops counted").atMost(TIMEOUT).until(() ->
                    PrometheusText.series(metrics(port), "vigil_log_dropped_total").getOrDefault("", 0L) > 0);
            assertThat(metrics(port)).contains("# TYPE vigil_log_dropped_total counter");
        } finally {
            receiver.close();
            if (app != null) {
                app.close();
            }
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.reset();
            new ContextInitializer(context).autoConfig();
            SLF4JBridgeHandler.uninstall();
        }
    }

    /** One pushed line: its stream's labels and the JSON log line. */
    private record LokiLine(Map<String, String> labels, JsonNode line) {
    }

    private static List<LokiLine> lokiLines(HttpReceiver receiver) throws Exception {
        List<LokiLine> lines = new ArrayList<>();
        for (HttpReceiver.Request r : receiver.requests("/loki/api/v1/push")) {
            for (JsonNode stream : JSON.readTree(r.decodedBody()).get("streams")) {
                Map<String, String> labels = JSON.convertValue(stream.get("stream"),
                        JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class));
                for (JsonNode value : stream.get("values")) {
                    assertThat(value.get(0).asText()).as("nanosecond timestamp").matches("\\d{19}");
                    lines.add(new LokiLine(labels, JSON.readTree(value.get(1).asText())));
                }
            }
        }
        return lines;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null ? null : v.asText();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
