package dev.vigil.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Property-based: whatever bytes and headers arrive, the parser gives a verdict (an event, or a
 * dead-letter reason with a detail) and never throws; a record that threw would stop the stream
 * thread instead of reaching the DLQ. Generated input leans on the shapes that break parsers:
 * attribute headers with garbage values, JSON with extreme numbers and wrong types in every field.
 */
class CloudEventParserPropertyTest {
    private static final CloudEventParser PARSER = new CloudEventParser(64 * 1024);
    private static final List<String> HEADER_NAMES = List.of("ce_specversion", "ce_id", "ce_source", "ce_type",
            "ce_time", "ce_subject", "ce_traceparent", "traceparent", "content-type", "ce_dataschema", "x-other");

    @Property(tries = 2000)
    void anyBytesUnderAnyHeadersGetAVerdict(@ForAll @Size(max = 512) byte[] value,
                                            @ForAll("headers") RecordHeaders headers) {
        assertVerdict(PARSER.parse(value, headers, Records.TS));
    }

    @Property(tries = 2000)
    void aBinaryEventWithAnyValueInAnyDataFieldGetsAVerdict(@ForAll("taskFields") String field,
                                                            @ForAll("jsonValues") String json) {
        String data = "{\"task_id\":\"task-1\",\"status\":\"submitted\",\"" + field + "\":" + json + "}";
        ParseResult result = PARSER.parse(Records.utf8(data), Records.binary(Records.TASK, "ce_time",
                "2026-01-15T10:30:00Z"), Records.TS);
        assertVerdict(result);
    }

    @Property(tries = 2000)
    void aStructuredEventWithAnyValueInAnyAttributeGetsAVerdict(@ForAll("attributes") String attribute,
                                                               @ForAll("jsonValues") String json) {
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"orchestrator\",\"type\":\""
                + Records.TASK + "\",\"time\":\"2026-01-15T10:30:00Z\",\"data\":" + Records.TASK_DATA + "}";
        // The attribute given again, last: Jackson keeps the later value, so every attribute gets each value.
        String hostile = envelope.substring(0, envelope.length() - 1) + ",\"" + attribute + "\":" + json + "}";
        assertVerdict(PARSER.parse(Records.utf8(hostile), Records.structuredHeaders(), Records.TS));
    }

    @Property(tries = 500)
    void theVerdictOnTheSameRecordIsAlwaysTheSame(@ForAll @Size(max = 256) byte[] value,
                                                  @ForAll("headers") RecordHeaders headers) {
        assertThat(PARSER.parse(value, headers, Records.TS)).isEqualTo(PARSER.parse(value, headers, Records.TS));
    }

    private static void assertVerdict(ParseResult result) {
        assertThat(result).isNotNull();
        assertThat(result.typeLabel()).isNotBlank();
        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.detail()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<RecordHeaders> headers() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(HEADER_NAMES),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<byte[]> headerValue = Arbitraries.oneOf(
                Arbitraries.of("1.0", "0.3", "", "evt-1", "orchestrator", Records.TASK, "application/json",
                        "application/cloudevents+json", "text/plain; charset=utf-16", "2026-01-15T10:30:00Z",
                        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.just((byte[]) null));
        Arbitrary<List<Object[]>> pairs = Combinators.combine(name, headerValue).as((n, v) -> new Object[] {n, v})
                .list().ofMaxSize(10);
        return pairs.map(list -> {
            RecordHeaders h = new RecordHeaders();
            list.forEach(p -> h.add((String) p[0], (byte[]) p[1]));
            return h;
        });
    }

    @Provide
    Arbitrary<String> taskFields() {
        return Arbitraries.of("task_id", "status", "agent_name", "capability", "queued_at", "attempt", "error",
                "duration_ms", "tenant", "parent_task_id");
    }

    @Provide
    Arbitrary<String> attributes() {
        return Arbitraries.of("specversion", "id", "source", "type", "time", "subject", "datacontenttype",
                "dataschema", "traceparent", "data", "data_base64");
    }

    /** JSON values, most of them wrong for the field they land in. */
    @Provide
    Arbitrary<String> jsonValues() {
        Arbitrary<String> scalars = Arbitraries.of("null", "true", "false", "0", "-0", "1e400", "-1e400",
                "9223372036854775808", "-9223372036854775809", "1.7976931348623157e309", "0.000000000000000000001",
                "\"NaN\"", "\"Infinity\"", "\"\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999999999Z\"",
                "\"\\u0000\"", "\"\\ud800\"", "{}", "[]", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]");
        Arbitrary<String> strings = Arbitraries.strings().ofMaxLength(30)
                .map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Arbitrary<String> numbers = Arbitraries.doubles().map(d -> Double.isFinite(d) ? Double.toString(d) : "0");
        Arbitrary<String> nested = Arbitraries.integers().between(1, 200)
                .map(depth -> "[".repeat(depth) + "]".repeat(depth));
        return Arbitraries.oneOf(scalars, strings, numbers, nested);
    }
}
