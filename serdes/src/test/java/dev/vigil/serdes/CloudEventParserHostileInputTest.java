package dev.vigil.serdes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Generated hostile input, seeded so a failure is reproducible: whatever bytes and headers arrive,
 * the parser gives a verdict (an event, or a dead-letter reason with a detail) and never throws; a
 * record that threw would stop the stream thread instead of reaching the DLQ. The generators lean
 * on the shapes that break parsers: attribute headers with garbage values, JSON with extreme
 * numbers, wrong types, lone surrogates and deep nesting in every field.
 */
class CloudEventParserHostileInputTest {
    private static final long SEED = 20261206L;
    private static final int CASES = 2_000;
    private static final CloudEventParser PARSER = new CloudEventParser(64 * 1024);
    private static final List<String> HEADER_NAMES = List.of("ce_specversion", "ce_id", "ce_source", "ce_type",
            "ce_time", "ce_subject", "ce_traceparent", "traceparent", "content-type", "ce_dataschema", "x-other");
    private static final List<String> HEADER_VALUES = List.of("1.0", "0.3", "", "evt-1", "orchestrator", Records.TASK,
            "application/json", "application/cloudevents+json", "text/plain; charset=utf-16", "2026-01-15T10:30:00Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    private static final List<String> TASK_FIELDS = List.of("task_id", "status", "agent_name", "capability",
            "queued_at", "attempt", "error", "duration_ms", "tenant", "parent_task_id");
    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time", "subject",
            "datacontenttype", "dataschema", "traceparent", "data", "data_base64");
    private static final List<String> JSON_SCALARS = List.of("null", "true", "false", "0", "-0", "1e400", "-1e400",
            "9223372036854775808", "-9223372036854775809", "1.7976931348623157e309", "0.000000000000000000001",
            "\"NaN\"", "\"Infinity\"", "\"\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59.999999999Z\"",
            "\"\\u0000\"", "\"\\ud800\"", "{}", "[]");

    @Test
    void anyBytesUnderAnyHeadersGetAVerdict() {
        forCases(rnd -> assertVerdict(PARSER.parse(bytes(rnd, 512), headers(rnd), Records.TS)));
    }

    @Test
    void aBinaryEventWithAnyValueInAnyDataFieldGetsAVerdict() {
        forCases(rnd -> {
            String data = "{\"task_id\":\"task-1\",\"status\":\"submitted\",\"" + pick(rnd, TASK_FIELDS) + "\":"
                    + jsonValue(rnd) + "}";
            assertVerdict(PARSER.parse(Records.utf8(data), Records.binary(Records.TASK, "ce_time",
                    "2026-01-15T10:30:00Z"), Records.TS));
        });
    }

    @Test
    void aStructuredEventWithAnyValueInAnyAttributeGetsAVerdict() {
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"orchestrator\",\"type\":\""
                + Records.TASK + "\",\"time\":\"2026-01-15T10:30:00Z\",\"data\":" + Records.TASK_DATA + "}";
        forCases(rnd -> {
            // The attribute given again, last: the later value is the one read, so each attribute meets each value.
            String hostile = envelope.substring(0, envelope.length() - 1) + ",\"" + pick(rnd, ATTRIBUTES) + "\":"
                    + jsonValue(rnd) + "}";
            assertVerdict(PARSER.parse(Records.utf8(hostile), Records.structuredHeaders(), Records.TS));
        });
    }

    @Test
    void theVerdictOnTheSameRecordIsAlwaysTheSame() {
        forCases(rnd -> {
            byte[] value = bytes(rnd, 256);
            RecordHeaders headers = headers(rnd);
            assertThat(PARSER.parse(value, headers, Records.TS)).isEqualTo(PARSER.parse(value, headers, Records.TS));
        });
    }

    /** Runs {@link #CASES} cases, each from its own seed, naming the case that failed. */
    private static void forCases(Consumer<SplittableRandom> check) {
        for (int i = 0; i < CASES; i++) {
            try {
                check.accept(new SplittableRandom(SEED + i));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("case " + i + " (seed " + (SEED + i) + ") failed: " + e, e);
            }
        }
    }

    private static void assertVerdict(ParseResult result) {
        assertThat(result).isNotNull();
        assertThat(result.typeLabel()).isNotBlank();
        if (result instanceof ParseResult.Invalid invalid) {
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.detail()).isNotBlank();
        }
    }

    private static <T> T pick(SplittableRandom rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    /** Null a tenth of the time, else up to {@code max} random bytes. */
    private static byte[] bytes(SplittableRandom rnd, int max) {
        if (rnd.nextInt(10) == 0) {
            return null;
        }
        byte[] b = new byte[rnd.nextInt(max + 1)];
        rnd.nextBytes(b);
        return b;
    }

    private static RecordHeaders headers(SplittableRandom rnd) {
        RecordHeaders h = new RecordHeaders();
        int n = rnd.nextInt(11);
        for (int i = 0; i < n; i++) {
            String name = pick(rnd, HEADER_NAMES);
            if (rnd.nextInt(5) == 0) {
                byte[] garbage = new byte[rnd.nextInt(13)];
                rnd.nextBytes(garbage);
                name = new String(garbage, StandardCharsets.ISO_8859_1);
            }
            byte[] value = switch (rnd.nextInt(3)) {
                case 0 -> pick(rnd, HEADER_VALUES).getBytes(StandardCharsets.UTF_8);
                case 1 -> bytes(rnd, 40);
                default -> null;
            };
            h.add(name, value);
        }
        return h;
    }

    /** JSON values, most of them wrong for the field they land in. */
    private static String jsonValue(SplittableRandom rnd) {
        switch (rnd.nextInt(4)) {
            case 0:
                return pick(rnd, JSON_SCALARS);
            case 1: {
                StringBuilder s = new StringBuilder("\"");
                int n = rnd.nextInt(31);
                for (int i = 0; i < n; i++) {
                    char c = (char) rnd.nextInt(0x20, 0xFFFF);
                    s.append(c == '"' || c == '\\' ? ' ' : c);
                }
                return s.append('"').toString();
            }
            case 2: {
                double d = Double.longBitsToDouble(rnd.nextLong());
                return Double.isFinite(d) ? Double.toString(d) : "0";
            }
            default: {
                int depth = 1 + rnd.nextInt(200);
                return "[".repeat(depth) + "]".repeat(depth);
            }
        }
    }
}
