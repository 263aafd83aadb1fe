package dev.vigil.bench.reliability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.Outcome;
import dev.vigil.simulator.SimRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Seeded, structure-aware hostile input for Vigil's input topic (RELIABILITY.md, run {@code hostile}).
 *
 * <p>A quarter of the records come unchanged from the simulator's {@link EventGenerator} (valid events,
 * exact re-sends, bad records of every dead-letter reason, values above {@code topics.max_event_bytes}):
 * their verdict is the simulator's and is {@linkplain Hostile#known() known}. The rest are mutations of
 * valid events of a second, independent simulator stream, re-identified first (source {@code hostile},
 * id {@code h-<n>}) so nothing done to them can change the verdict of a known record: truncated and deeply
 * nested JSON, a hostile value (wrong type, extreme number, lone surrogate...) in one CloudEvents attribute
 * or one data field, invalid UTF-8, times in year 1 and 9999, duplicated and garbage headers, absurd content
 * types, empty and null keys and values, values a few bytes either side of the size limit, random bytes,
 * exact re-sends of earlier hostile records, and records with several of these at once. Their verdict is
 * unknown (the run checks they are each counted once and dead-lettered byte for byte when refused), except
 * for a value above the limit, which is {@code too_large} whatever it holds.
 */
final class HostileRecords {
    /** One record to publish, and its verdict where the generator can be sure of it. */
    record Hostile(byte[] key, byte[] value, List<Header> headers, long timestamp, String kind,
                   Outcome outcome, String reason) {
        Hostile {
            headers = List.copyOf(headers);
        }

        /** Whether {@link #outcome} (and, for an invalid record, {@link #reason}) is certain. */
        boolean known() {
            return outcome != null;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOLE = "@@hostile-hole@@";
    private static final byte[] HOLE_QUOTED = ("\"" + HOLE + "\"").getBytes(StandardCharsets.UTF_8);
    private static final List<String> ATTRIBUTES = List.of("specversion", "id", "source", "type", "time",
            "subject", "datacontenttype", "dataschema", "traceparent", "tracestate", "data", "data_base64");
    /** Every data field of the six types (docs/events.md), and one no type has. */
    private static final List<String> DATA_FIELDS = List.of("task_id", "step_id", "status", "agent_name",
            "capability", "attempt", "duration_ms", "error_type", "tenant", "call_id", "model_name", "latency_ms",
            "input_tokens", "output_tokens", "cost_usd", "lease_id", "resource_id", "pool", "ttl_ms", "reason",
            "capacity", "healthy", "state", "x_unknown");
    private static final List<String> JSON_SCALARS = List.of("null", "true", "false", "0", "-0", "-0.0", "1e400",
            "-1e400", "1e-400", "NaN", "Infinity", "-Infinity", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "1.7976931348623157e309", "4.9e-325",
            "0.000000000000000000001", "1E+2", "00", "01", "1.", ".5", "+1", "0x10", "1_000", "\"NaN\"",
            "\"Infinity\"", "\"-0\"", "\"1e400\"", "\"\"", "\" \"", "\"0001-01-01T00:00:00Z\"",
            "\"9999-12-31T23:59:59.999999999Z\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\uffff\"",
            "{}", "[]", "[null]", "{\"\":null}", "\"submitted\"", "\"SUBMITTED\"", "\"ok \"", "12345678901234567890",
            "2678400000.0000001", "31536000001", "1000000001", "1000000.0000001", "-1", "-1e-400", "1.5",
            "123456789012345678901234567890123456789012345678901234567890");
    private static final List<String> TIMES = List.of("0001-01-01T00:00:00Z", "0001-01-01T00:00:00+23:59",
            "0001-01-01T00:00:00-23:59", "0000-12-31T23:59:59Z", "9999-12-31T23:59:59Z",
            "9999-12-31T23:59:59.999999999-23:59", "9999-12-31T23:59:60Z", "10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z", "2026-01-01T00:00:00.0000000000000000001Z", "2026-13-01T00:00:00Z",
            "2026-01-01T00:00:00+24:00", "2026-01-01t00:00:00z", "2026-01-01 00:00:00Z", "", "Z",
            "1970-01-01T00:00:00Z", "292278994-08-17T07:12:55.807Z");
    private static final List<String> CONTENT_TYPES = List.of("application/cloudevents+json",
            "APPLICATION/CLOUDEVENTS+JSON; CHARSET=UTF-8", "application/cloudevents+json; charset=utf-16",
            "application/cloudevents+json;;;;", "application/cloudevents-batch+json", "application/json+cloudevents",
            "application/json", "application/json; charset=latin1", "text/html", "text/plain", "*/*", "", " ", ";",
            "application/", "/json", "application/cloudevents+json\u0000", "application/xml+json",
            "multipart/form-data; boundary=----", "application/cloudevents+json" + ";x=y".repeat(2_000));
    private static final List<String> HEADER_NAMES = List.of("ce_specversion", "ce_id", "ce_source", "ce_type",
            "ce_time", "ce_subject", "ce_datacontenttype", "ce_dataschema", "ce_traceparent", "traceparent",
            "content-type", "Content-Type", "CE_SPECVERSION", "ce_", "ce_data", "", "x-other");
    private static final List<String> HEADER_VALUES = List.of("1.0", "0.3", "1.0 ", "", "evt-1", "orchestrator",
            "agent.task.status_changed", "agent.pool.status", "application/json", "application/cloudevents+json",
            "2026-01-15T10:30:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
            "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "ff-ffffffffffffffffffffffffffffffff-"
                    + "ffffffffffffffff-ff", "00-00000000000000000000000000000000-0000000000000000-00");
    /** The string fields that become metric labels or log text, where a valid but nasty string can land. */
    private static final List<String> STRING_FIELDS = List.of("agent_name", "capability", "model_name", "pool",
            "error_type", "tenant", "task_id", "step_id", "call_id", "lease_id", "resource_id");
    /** Valid JSON strings that are hostile as a Prometheus label value, a log line or a store key. */
    private static final List<String> NASTY_STRINGS = List.of("\"\\\"\"", "\"\\\\\"", "\"a\\nb\"",
            "\"\\r\\n# TYPE x counter\\nx 1\"", "\"}\"", "\"a\\\",b=\\\"c\"", "\"\\u0000\"",
            "\"\\u001b[31m\"", "\"\\u2028\\u2029\"", "\"\\ufeff\"", "\"\\ud83d\\ude00\"",
            "\"\\u202e\"", "\"e\\u0301\"", "\"\\t\"", "\" \"", "\"\\\\u0000\"", "\"%s%n%d\"",
            "\"${jndi:ldap://x}\"", "\"{}\"", "\"le\"", "\"+Inf\"", "\"NaN\"", "\"\\ud800\"");
    /** In-bound numbers at the edges (docs/events.md): zero, negative zero, the bounds, denormals, notations. */
    private static final Map<String, List<String>> BOUNDARY_NUMBERS = Map.of(
            "input_tokens", List.of("0", "-0", "1000000000", "1e9", "1E+9", "1.0", "0.0", "-0.0"),
            "output_tokens", List.of("0", "1000000000", "1000000000.0", "1e0"),
            "latency_ms", List.of("0", "-0", "-0.0", "2678400000", "2.6784e9", "4.9e-324", "1e-320",
                    "2678399999.9999998"),
            "duration_ms", List.of("0", "-0.0", "2678400000", "4.9e-324", "1e-300"),
            "cost_usd", List.of("0", "-0", "1000000", "1e6", "4.9e-324", "0.1", "999999.99999999999"),
            "ttl_ms", List.of("1", "31536000000", "3.1536e10", "1.0"),
            "capacity", List.of("0", "1000000000", "-0"),
            "healthy", List.of("0", "1000000000", "1e9"),
            "attempt", List.of("1", "1000000", "1e6", "1.0"));
    /** Byte sequences that are not UTF-8: a lone continuation byte, bytes UTF-8 never uses, a truncated sequence,
     *  an overlong NUL, an encoded surrogate and a code point above U+10FFFF. */
    private static final byte[][] BAD_UTF8 = {{(byte) 0x80}, {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0xC3},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xC3, (byte) 0x28}};

    private enum Kind {
        TRUNCATED, NESTED, ATTRIBUTE, DATA_FIELD, BAD_UTF8, EXTREME_TIME, HEADERS, CONTENT_TYPE, EMPTY_OR_NULL,
        SIZE_EDGE, RANDOM_BYTES, RESENT, SEVERAL, NASTY_STRING, BOUNDARY_NUMBER
    }

    private static final double[] KIND_WEIGHTS = {8, 7, 14, 16, 8, 7, 8, 7, 6, 3, 5, 5, 6, 12, 8};

    private final SplittableRandom rnd;
    private final EventGenerator known;
    private final EventGenerator templates;
    private final int maxEventBytes;
    private final List<Hostile> sent = new ArrayList<>();
    private long hostileIds;

    /**
     * @param maxEventBytes Vigil's {@code topics.max_event_bytes} for the run (at least 65,536, the
     *                      simulator's floor)
     */
    HostileRecords(long seed, int maxEventBytes) {
        this.rnd = new SplittableRandom(seed);
        this.maxEventBytes = maxEventBytes;
        GeneratorOptions base = GeneratorOptions.defaults().withMaxEventBytes(maxEventBytes);
        this.known = new EventGenerator(seed + 1, base.withInvalidShare(0.15).withDuplicateShare(0.08)
                .withIncludeTooLarge(true).withTooLargeShare(0.01));
        this.templates = new EventGenerator(seed + 2, base.withInvalidShare(0).withDuplicateShare(0)
                .withIncludeTooLarge(false));
    }

    /** The next record; the same seed gives the same records. */
    Hostile next() {
        Hostile h = rnd.nextInt(4) == 0 ? fromSimulator() : hostile(kind());
        if (sent.size() < 4_096) {
            sent.add(h);
        } else {
            sent.set(rnd.nextInt(sent.size()), h);
        }
        return h;
    }

    private Hostile fromSimulator() {
        SimRecord r = known.next();
        String reason = r.expected().reason() == null ? null : r.expected().reason().label();
        return new Hostile(r.key(), r.value(), r.headers(), r.timestamp(), "simulator-" + r.expected().outcome().label(),
                r.expected().outcome(), reason);
    }

    private Kind kind() {
        double total = Arrays.stream(KIND_WEIGHTS).sum();
        double x = rnd.nextDouble() * total;
        for (int i = 0; i < KIND_WEIGHTS.length; i++) {
            x -= KIND_WEIGHTS[i];
            if (x < 0) {
                return Kind.values()[i];
            }
        }
        return Kind.SEVERAL;
    }

    // ------------------------------------------------------------------------------------------ the mutations

    private Hostile hostile(Kind kind) {
        if (kind == Kind.RESENT && !sent.isEmpty()) {
            Hostile earlier = sent.get(rnd.nextInt(sent.size()));
            // A byte copy of an unknown record has an unknown verdict; of a known one, too (it may be a duplicate).
            return new Hostile(earlier.key(), earlier.value(), earlier.headers(), earlier.timestamp(), "resent",
                    null, null);
        }
        Template t = template();
        switch (kind) {
            case TRUNCATED -> t.truncate();
            case NESTED -> t.nest();
            case ATTRIBUTE -> t.hostileAttribute();
            case DATA_FIELD -> t.hostileDataField();
            case BAD_UTF8 -> t.badUtf8();
            case EXTREME_TIME -> t.extremeTime();
            case HEADERS -> t.hostileHeaders();
            case CONTENT_TYPE -> t.contentType();
            case EMPTY_OR_NULL -> t.emptyOrNull();
            case SIZE_EDGE -> t.sizeEdge();
            case RANDOM_BYTES -> t.randomBytes();
            case NASTY_STRING -> t.nastyString();
            case BOUNDARY_NUMBER -> t.boundaryNumber();
            default -> {
                int n = 2 + rnd.nextInt(3);
                for (int i = 0; i < n; i++) {
                    Kind k = Kind.values()[rnd.nextInt(Kind.SIZE_EDGE.ordinal())];
                    t.apply(k);
                }
            }
        }
        return t.done(kind.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** A valid event of the template stream with a fresh identity, in its wire form, being mutated. */
    private Template template() {
        SimRecord r = templates.next();
        while (!r.expected().valid()) {
            r = templates.next();
        }
        return new Template(r, "h-" + hostileIds++);
    }

    private final class Template {
        private byte[] key;
        private final long timestamp;
        private final List<Header> headers;
        private final boolean binary;
        /** Structured: the envelope; binary: the data. Null once the value is bytes only. */
        private ObjectNode json;
        private String hole;
        private byte[] value;

        Template(SimRecord r, String id) {
            key = r.key();
            timestamp = r.timestamp();
            headers = new ArrayList<>(r.headers());
            binary = headers.stream().anyMatch(h -> h.key().equals("ce_specversion"));
            json = parse(r.value());
            if (binary) {
                replaceHeader("ce_id", id.getBytes(StandardCharsets.UTF_8));
                replaceHeader("ce_source", "hostile".getBytes(StandardCharsets.UTF_8));
            } else {
                json.put("id", id);
                json.put("source", "hostile");
            }
        }

        void apply(Kind k) {
            switch (k) {
                case TRUNCATED -> truncate();
                case NESTED -> nest();
                case ATTRIBUTE -> hostileAttribute();
                case DATA_FIELD -> hostileDataField();
                case BAD_UTF8 -> badUtf8();
                case EXTREME_TIME -> extremeTime();
                case HEADERS -> hostileHeaders();
                case CONTENT_TYPE -> contentType();
                default -> emptyOrNull();
            }
        }

        void truncate() {
            byte[] v = bytes();
            value = v == null || v.length == 0 ? v : Arrays.copyOf(v, rnd.nextInt(v.length));
            json = null;
        }

        void nest() {
            int depth = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(20_000) : 1 + rnd.nextInt(2_000);
            String open = rnd.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            String nested = open.repeat(depth) + (rnd.nextBoolean() ? "1" : "null") + close.repeat(depth);
            if (rnd.nextInt(5) == 0) {
                nested = open.repeat(depth); // never closed
            }
            if (json == null) {
                value = nested.getBytes(StandardCharsets.UTF_8);
            } else {
                boolean inData = rnd.nextBoolean();
                setRaw(inData, pick(inData ? DATA_FIELDS : ATTRIBUTES), nested);
            }
        }

        void hostileAttribute() {
            String attribute = pick(ATTRIBUTES);
            if (binary && attribute.startsWith("data")) {
                attribute = "datacontenttype";
            }
            if (binary) {
                String header = attribute.equals("datacontenttype") && rnd.nextBoolean() ? "content-type"
                        : "ce_" + attribute;
                replaceHeader(header, headerValue());
            } else if (json != null) {
                setRaw(false, attribute, jsonValue());
            }
        }

        void hostileDataField() {
            if (json == null) {
                return;
            }
            setRaw(true, pick(DATA_FIELDS), jsonValue());
        }

        void badUtf8() {
            if (rnd.nextInt(3) == 0 || json == null) {
                // In a header value.
                byte[] v = pick(HEADER_VALUES).getBytes(StandardCharsets.UTF_8);
                headers.add(rnd.nextInt(headers.size() + 1), new RecordHeader(
                        binary ? pick(List.of("ce_id", "ce_type", "ce_source", "ce_time", "content-type"))
                                : "content-type", insert(v, pick(BAD_UTF8))));
                return;
            }
            // Inside a JSON string of the value, so the JSON is otherwise well formed.
            byte[] v = bytes();
            List<Integer> insideStrings = new ArrayList<>();
            boolean inString = false;
            for (int i = 0; i < v.length; i++) {
                if (v[i] == '"' && (i == 0 || v[i - 1] != '\\')) {
                    inString = !inString;
                } else if (inString) {
                    insideStrings.add(i);
                }
            }
            int at = insideStrings.isEmpty() ? 0 : insideStrings.get(rnd.nextInt(insideStrings.size()));
            value = splice(v, at, pick(BAD_UTF8));
            json = null;
        }

        void extremeTime() {
            String time = pick(TIMES);
            if (binary) {
                replaceHeader("ce_time", time.getBytes(StandardCharsets.UTF_8));
            } else if (json != null) {
                json.put("time", time);
            }
        }

        void hostileHeaders() {
            int n = 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                String name = pick(HEADER_NAMES);
                if (rnd.nextInt(4) == 0) {
                    byte[] garbage = new byte[rnd.nextInt(40)];
                    rnd.nextBytes(garbage);
                    name = new String(garbage, StandardCharsets.ISO_8859_1);
                } else if (rnd.nextInt(4) == 0 && !headers.isEmpty()) {
                    name = headers.get(rnd.nextInt(headers.size())).key(); // a duplicate of a header present
                }
                headers.add(rnd.nextInt(headers.size() + 1), new RecordHeader(name, headerValue()));
            }
        }

        void contentType() {
            String type = pick(CONTENT_TYPES);
            byte[] v = rnd.nextInt(10) == 0 ? null : type.getBytes(StandardCharsets.UTF_8);
            if (rnd.nextBoolean()) {
                replaceHeader("content-type", v);
            } else {
                headers.add(rnd.nextInt(headers.size() + 1), new RecordHeader(
                        rnd.nextBoolean() ? "content-type" : "Content-Type", v));
            }
            if (!binary && json != null && rnd.nextBoolean()) {
                json.put("datacontenttype", type);
            }
        }

        void emptyOrNull() {
            switch (rnd.nextInt(6)) {
                case 0 -> key = null;
                case 1 -> key = new byte[0];
                case 2 -> {
                    value = null;
                    json = null;
                }
                case 3 -> {
                    value = new byte[0];
                    json = null;
                }
                case 4 -> {
                    key = rnd.nextBoolean() ? null : new byte[0];
                    value = rnd.nextBoolean() ? null : new byte[0];
                    json = null;
                    if (rnd.nextBoolean()) {
                        headers.clear();
                    }
                }
                default -> {
                    value = " \n\t".getBytes(StandardCharsets.UTF_8);
                    json = null;
                }
            }
        }

        /** The value padded to a few bytes either side of the limit; above it, the verdict is certain. */
        void sizeEdge() {
            int target = maxEventBytes + rnd.nextInt(-3, 4);
            byte[] v = bytes();
            if (json != null) {
                // Padding in a string that no check reads: the subject (structured) or an unknown data field.
                ObjectNode at = json;
                String field = binary ? "x_padding" : "subject";
                at.put(field, "");
                int base = serialize().length;
                at.put(field, "p".repeat(Math.max(0, target - base)));
                v = serialize();
            } else {
                v = Arrays.copyOf(v == null ? new byte[0] : v, Math.max(0, target));
            }
            value = v;
            json = null;
        }

        void randomBytes() {
            byte[] v = new byte[rnd.nextInt(1_024)];
            rnd.nextBytes(v);
            value = v;
            json = null;
            if (rnd.nextBoolean()) {
                hostileHeaders();
            }
        }

        /** A valid but nasty string in a string field: mostly still a valid event, so it reaches the metrics. */
        void nastyString() {
            if (json == null) {
                return;
            }
            String nasty = rnd.nextInt(8) == 0 ? "\"" + "\\\"".repeat(1 + rnd.nextInt(3_000)) + "\""
                    : pick(NASTY_STRINGS);
            if (rnd.nextInt(4) == 0 && !binary) {
                setRaw(false, pick(List.of("subject", "source", "id")), nasty);
            } else {
                ObjectNode data = dataObject();
                List<String> present = STRING_FIELDS.stream().filter(data::has).toList();
                setRaw(true, present.isEmpty() ? pick(STRING_FIELDS) : pick(present), nasty);
            }
        }

        /** An in-bound number at an edge in a numeric field the event has (or may have). */
        void boundaryNumber() {
            if (json == null) {
                return;
            }
            ObjectNode data = dataObject();
            List<String> present = BOUNDARY_NUMBERS.keySet().stream().filter(data::has).sorted().toList();
            String field = present.isEmpty() ? pick(BOUNDARY_NUMBERS.keySet().stream().sorted().toList())
                    : pick(present);
            setRaw(true, field, pick(BOUNDARY_NUMBERS.get(field)));
        }

        Hostile done(String kind) {
            byte[] v = bytes();
            boolean tooLarge = v != null && v.length > maxEventBytes;
            return new Hostile(key, v, headers, timestamp, kind, tooLarge ? Outcome.INVALID : null,
                    tooLarge ? "too_large" : null);
        }

        // ------------------------------------------------------------------------------------------ helpers

        /** The value as it stands: the JSON with its holes filled, or the bytes. */
        private byte[] bytes() {
            if (json != null) {
                value = serialize();
                json = null;
            }
            return value;
        }

        private byte[] serialize() {
            try {
                byte[] v = JSON.writeValueAsBytes(json);
                return hole == null ? v : fill(v, hole);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The object a data field goes in: the data of a structured envelope, the value of a binary one. */
        private ObjectNode dataObject() {
            if (binary) {
                return json;
            }
            JsonNode data = json.get("data");
            if (data instanceof ObjectNode o) {
                return o;
            }
            return json.putObject("data");
        }

        /**
         * Sets a member (of the data object, or of the envelope) to raw text, which may not be JSON at all,
         * filled in when serialized. One hole per record: an earlier one is filled first.
         */
        private void setRaw(boolean inData, String member, String raw) {
            if (hole != null) {
                value = serialize();
                hole = null;
                json = parse(value);
                if (json == null) {
                    value = replace(value, member, raw);
                    return;
                }
            }
            (inData ? dataObject() : json).set(member, TextNode.valueOf(HOLE));
            hole = raw;
        }

        private byte[] fill(byte[] v, String raw) {
            int at = indexOf(v, HOLE_QUOTED);
            if (at < 0) {
                return v;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(v.length + raw.length());
            out.write(v, 0, at);
            out.writeBytes(raw.getBytes(StandardCharsets.UTF_8));
            out.write(v, at + HOLE_QUOTED.length, v.length - at - HOLE_QUOTED.length);
            return out.toByteArray();
        }

        /** The value as bytes with {@code "member":raw} appended before the last brace (or alone). */
        private byte[] replace(byte[] v, String member, String raw) {
            String tail = ",\"" + member + "\":" + raw + "}";
            if (v == null || v.length == 0) {
                return tail.substring(1).getBytes(StandardCharsets.UTF_8);
            }
            return splice(Arrays.copyOf(v, v.length - 1), v.length - 1, tail.getBytes(StandardCharsets.UTF_8));
        }

        private void replaceHeader(String name, byte[] v) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).key().equals(name)) {
                    headers.set(i, new RecordHeader(name, v));
                    return;
                }
            }
            headers.add(new RecordHeader(name, v));
        }
    }

    private byte[] headerValue() {
        return switch (rnd.nextInt(5)) {
            case 0, 1 -> pick(HEADER_VALUES).getBytes(StandardCharsets.UTF_8);
            case 2 -> pick(JSON_SCALARS).getBytes(StandardCharsets.UTF_8);
            case 3 -> {
                byte[] b = new byte[rnd.nextInt(64)];
                rnd.nextBytes(b);
                yield b;
            }
            default -> rnd.nextBoolean() ? null : new byte[0];
        };
    }

    /** A JSON value, most of them wrong for where they land; some not JSON at all. */
    private String jsonValue() {
        return switch (rnd.nextInt(6)) {
            case 0, 1 -> pick(JSON_SCALARS);
            case 2 -> {
                StringBuilder s = new StringBuilder("\"");
                int n = rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    char c = (char) rnd.nextInt(0x20, 0xFFFF);
                    s.append(c == '"' || c == '\\' ? ' ' : c);
                }
                yield s.append('"').toString();
            }
            case 3 -> {
                double d = Double.longBitsToDouble(rnd.nextLong());
                yield Double.isFinite(d) ? Double.toString(d) : pick(List.of("1e400", "-1e400"));
            }
            case 4 -> Long.toString(rnd.nextLong()) + (rnd.nextBoolean() ? "" : "0000000000");
            default -> "\"" + pick(TIMES) + "\"";
        };
    }

    private <T> T pick(List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private <T> T pick(T[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static ObjectNode parse(byte[] v) {
        try {
            return v == null ? null : JSON.readTree(v) instanceof ObjectNode o ? o : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] insert(byte[] v, byte[] bad) {
        return splice(v, v.length == 0 ? 0 : v.length / 2, bad);
    }

    private static byte[] splice(byte[] v, int at, byte[] in) {
        byte[] out = new byte[v.length + in.length];
        System.arraycopy(v, 0, out, 0, at);
        System.arraycopy(in, 0, out, at, in.length);
        System.arraycopy(v, at, out, at + in.length, v.length - at);
        return out;
    }

    private static int indexOf(byte[] v, byte[] what) {
        outer:
        for (int i = 0; i <= v.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (v[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
