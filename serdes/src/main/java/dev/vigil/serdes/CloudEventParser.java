package dev.vigil.serdes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Kafka record (value, headers, timestamp) → CloudEvent → typed {@link dev.vigil.serdes.event.AgentEvent},
 * or a {@link ParseResult.Invalid} with its dead-letter reason, decided in the order of docs/dead-letters.md.
 * Thread-safe and stateless apart from its configuration.
 *
 * <p>Order (docs/dead-letters.md, first match wins): value larger than {@code maxEventBytes} →
 * {@code too_large}; header {@code content-type: application/cloudevents+json} (any parameters, any
 * case) → structured mode, {@code ce_} headers ignored; header {@code ce_specversion} → binary mode;
 * no {@code ce_} header and a value that is a JSON object with a {@code specversion} member →
 * structured mode; else {@code not_cloudevent}. Then {@code bad_json} (the structured value, or
 * the binary data, is not JSON; a structured value that is JSON but not an object counts too),
 * {@code unsupported_specversion} (not the string {@code "1.0"}, absent included),
 * {@code missing_attribute} ({@code id}, {@code source} or {@code type} absent, null, empty or not
 * a string), {@code unknown_type}, {@code invalid_data} (in this order: a {@code datacontenttype}
 * that is not JSON, a {@code time} that is not RFC 3339, data absent or not a JSON object, then the
 * data fields in the order of the type's table in docs/events.md), and last {@code time_in_future}: an event that
 * passed every other check but whose {@code time} is later than its record's timestamp plus
 * {@code aggregates.max_future_skew}. Such an event would move stream time ahead of every producer,
 * so that all later events looked late and leases expired at once; it is refused instead.
 *
 * <p>Details (docs/events.md, The envelope): {@code datacontenttype} is JSON when absent, when it
 * is {@code application/json} or when it has the {@code +json} suffix (RFC 6839), with any parameters
 * and in any case. Optional attributes and optional data fields that are JSON {@code null} count as
 * absent. Integer fields accept numbers with a zero fraction ({@code 2.0}), as JSON Schema does.
 * {@code subject}, {@code traceparent} and {@code tracestate} that are not strings are ignored.
 *
 * <p>Binary mode reads its attributes through the SDK's Kafka binary message reader (see
 * {@link BinaryAttributes}); structured mode is decoded with Jackson directly, because the fourth
 * mode rule needs the value's JSON tree before the mode is known and the contract's reasons need
 * the tree before any SDK call: {@code JsonFormat} would parse the bytes a second time and report
 * errors by exception, in its own order.
 */
public final class CloudEventParser {

    /** The {@code topics.max_event_bytes} default (docs/configuration.md). */
    public static final long DEFAULT_MAX_EVENT_BYTES = 1_048_576L;

    /** The Kafka header that carries the content type. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    /** The binary-mode header whose presence selects binary mode. */
    public static final String SPECVERSION_HEADER = "ce_specversion";

    private static final String CE_PREFIX = "ce_";
    private static final String SPEC_VERSION = "1.0";
    private static final String UNKNOWN = EventType.UNKNOWN_LABEL;
    private static final String KNOWN_TYPES = Arrays.stream(EventType.values())
            .map(EventType::wireName).collect(Collectors.joining(", "));

    /** Jackson's trees: doubles for fractions, trailing content after the value is an error. */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final ObjectReader TREE_READER = MAPPER.reader();

    /** {@code aggregates.max_future_skew} default. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

    private final long maxEventBytes;
    private final Duration maxFutureSkew;

    /** A parser with the default {@code max_future_skew}, 5 minutes. */
    public CloudEventParser(long maxEventBytes) {
        this(maxEventBytes, DEFAULT_MAX_FUTURE_SKEW);
    }

    /**
     * @param maxEventBytes values larger than this are rejected as {@code too_large}
     * @param maxFutureSkew events whose {@code time} is later than their record's timestamp plus this
     *                      are rejected as {@code time_in_future}
     */
    public CloudEventParser(long maxEventBytes, Duration maxFutureSkew) {
        if (maxEventBytes < 0) {
            throw new IllegalArgumentException("maxEventBytes must be >= 0, was " + maxEventBytes);
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be >= 0, was " + maxFutureSkew);
        }
        this.maxEventBytes = maxEventBytes;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** A parser with the contract's default limit, 1 MiB. */
    public CloudEventParser() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    public long maxEventBytes() {
        return maxEventBytes;
    }

    /**
     * @param value           the record value (may be null)
     * @param headers         the record headers (never modified; null is read as none)
     * @param recordTimestamp the Kafka record timestamp, used as event time when {@code time} is absent
     */
    public ParseResult parse(byte[] value, Headers headers, long recordTimestamp) {
        int size = value == null ? 0 : value.length;
        if (size > maxEventBytes) {
            return new ParseResult.Invalid(DlqReason.TOO_LARGE, "value: " + size
                    + " bytes is more than topics.max_event_bytes (" + maxEventBytes + ")", UNKNOWN);
        }

        // One pass over the headers decides the content mode; the last header of a name wins.
        String contentType = null;
        boolean hasSpecVersionHeader = false;
        String specVersionHeader = null;
        boolean anyCeHeader = false;
        if (headers != null) {
            for (Header h : headers) {
                String key = h.key();
                if (key.length() > CE_PREFIX.length() && key.startsWith(CE_PREFIX)) {
                    anyCeHeader = true;
                    if (key.equals(SPECVERSION_HEADER)) {
                        hasSpecVersionHeader = true;
                        specVersionHeader = utf8(h.value());
                    }
                } else if (key.equals(CONTENT_TYPE_HEADER)) {
                    contentType = utf8(h.value());
                }
            }
        }

        if (MediaTypes.isStructuredCloudEvents(contentType)) {
            return structured(value, null, recordTimestamp);
        }
        if (hasSpecVersionHeader) {
            return binary(value, headers, specVersionHeader, recordTimestamp);
        }
        if (!anyCeHeader && startsWithBrace(value)) {
            JsonNode tree = readTreeOrNull(value);
            if (tree != null && tree.isObject() && tree.has("specversion")) {
                return structured(value, tree, recordTimestamp);
            }
        }
        return new ParseResult.Invalid(DlqReason.NOT_CLOUDEVENT, anyCeHeader
                ? "ce_specversion: missing; the record has ce_ headers but no ce_specversion header,"
                  + " so it is neither in binary nor in structured mode"
                : "specversion: not found; no content-type " + MediaTypes.CLOUDEVENTS_JSON
                  + ", no ce_specversion header, and the value is not a JSON object with a specversion member",
                UNKNOWN);
    }

    // ------------------------------------------------------------------ structured mode

    private ParseResult structured(byte[] value, JsonNode parsed, long recordTimestamp) {
        JsonNode event = parsed;
        if (event == null) {
            if (value == null || value.length == 0) {
                return new ParseResult.Invalid(DlqReason.BAD_JSON,
                        "value: empty; a structured-mode record carries the event as a JSON object", UNKNOWN);
            }
            try {
                event = readTree(value);
            } catch (IOException e) {
                return new ParseResult.Invalid(DlqReason.BAD_JSON, "value: not valid JSON: " + jsonError(e), UNKNOWN);
            }
            if (event == null) {
                return new ParseResult.Invalid(DlqReason.BAD_JSON, "value: not valid JSON: only whitespace", UNKNOWN);
            }
        }
        if (!event.isObject()) {
            return new ParseResult.Invalid(DlqReason.BAD_JSON, "value: a structured-mode event must be a JSON object, got "
                    + FieldReader.describe(event), UNKNOWN);
        }

        String rawType = textOrNull(event.get("type"));
        String label = EventType.label(rawType);

        JsonNode specVersion = event.get("specversion");
        if (specVersion == null || !specVersion.isTextual() || !SPEC_VERSION.equals(specVersion.textValue())) {
            return new ParseResult.Invalid(DlqReason.UNSUPPORTED_SPECVERSION, specVersion == null
                    ? "specversion: missing; Vigil accepts CloudEvents \"1.0\""
                    : specVersion.isTextual()
                    ? "specversion: " + FieldReader.quote(specVersion) + " is not \"1.0\""
                    : "specversion: expected the string \"1.0\", got " + FieldReader.describe(specVersion), label);
        }
        String id = requiredAttribute(event, "id");
        String source = requiredAttribute(event, "source");
        if (id == null || source == null || rawType == null || rawType.isEmpty()) {
            String name = id == null ? "id" : source == null ? "source" : "type";
            return new ParseResult.Invalid(DlqReason.MISSING_ATTRIBUTE, attributeProblem(name, event.get(name)), label);
        }
        EventType type = EventType.fromWireName(rawType).orElse(null);
        if (type == null) {
            return unknownType(rawType);
        }

        JsonNode dct = event.get("datacontenttype");
        if (dct != null && !dct.isNull() && (!dct.isTextual() || !MediaTypes.isJson(dct.textValue()))) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA, notJson("datacontenttype", dct), label);
        }
        Instant time;
        JsonNode timeNode = event.get("time");
        if (timeNode == null || timeNode.isNull()) {
            time = Instant.ofEpochMilli(recordTimestamp);
        } else {
            time = timeNode.isTextual() ? Rfc3339.parse(timeNode.textValue()) : null;
            if (time == null) {
                return new ParseResult.Invalid(DlqReason.INVALID_DATA, notRfc3339("time", timeNode), label);
            }
        }
        JsonNode data = event.get("data");
        if (data == null || data.isNull()) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA, event.has("data_base64")
                    ? "data: binary data (data_base64) is not a JSON object"
                    : "data: missing; the event carries no data", label);
        }
        if (!data.isObject()) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA,
                    "data: expected a JSON object, got " + FieldReader.describe(data), label);
        }
        EventMeta meta = new EventMeta(id, source, type, time, textOrNull(event.get("subject")),
                textOrNull(event.get("traceparent")), textOrNull(event.get("tracestate")));
        return typed(meta, data, label, recordTimestamp);
    }

    private static String requiredAttribute(JsonNode event, String name) {
        JsonNode n = event.get(name);
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }

    private static String attributeProblem(String name, JsonNode n) {
        if (n == null) {
            return name + ": missing (required)";
        }
        if (n.isNull()) {
            return name + ": is null (required)";
        }
        if (!n.isTextual()) {
            return name + ": expected a non-empty string, got " + FieldReader.describe(n);
        }
        return name + ": must not be empty";
    }

    // ------------------------------------------------------------------ binary mode

    private ParseResult binary(byte[] value, Headers headers, String specVersion, long recordTimestamp) {
        BinaryAttributes a = BinaryAttributes.read(headers, value);
        String label = EventType.label(a.type);

        JsonNode data = null;
        if (value != null && value.length > 0) {
            try {
                data = readTree(value);
            } catch (IOException e) {
                return new ParseResult.Invalid(DlqReason.BAD_JSON, "data: the value is not valid JSON: " + jsonError(e), label);
            }
            if (data == null) {
                return new ParseResult.Invalid(DlqReason.BAD_JSON, "data: the value is not valid JSON: only whitespace", label);
            }
        }
        if (!SPEC_VERSION.equals(specVersion)) {
            return new ParseResult.Invalid(DlqReason.UNSUPPORTED_SPECVERSION, "ce_specversion: "
                    + (specVersion == null ? "no value" : quoteText(specVersion)) + " is not \"1.0\"", label);
        }
        String missing = a.id == null || a.id.isEmpty() ? "id"
                : a.source == null || a.source.isEmpty() ? "source"
                : a.type == null || a.type.isEmpty() ? "type" : null;
        if (missing != null) {
            String header = "ce_" + missing;
            String have = missing.equals("id") ? a.id : missing.equals("source") ? a.source : a.type;
            return new ParseResult.Invalid(DlqReason.MISSING_ATTRIBUTE, missing + ": "
                    + (have == null ? "missing (no " + header + " header)" : "must not be empty (header " + header + ")"),
                    label);
        }
        EventType type = EventType.fromWireName(a.type).orElse(null);
        if (type == null) {
            return unknownType(a.type);
        }
        if (a.datacontenttype != null && !MediaTypes.isJson(a.datacontenttype)) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA, "datacontenttype: " + quoteText(a.datacontenttype)
                    + " (header content-type) is not JSON (application/json or a +json type)", label);
        }
        Instant time;
        if (a.time == null) {
            time = Instant.ofEpochMilli(recordTimestamp);
        } else {
            time = Rfc3339.parse(a.time);
            if (time == null) {
                return new ParseResult.Invalid(DlqReason.INVALID_DATA, "time: " + quoteText(a.time)
                        + " (header ce_time) is not an RFC 3339 date-time", label);
            }
        }
        if (data == null) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA,
                    "data: missing; a binary-mode record carries the data in its value, and this one has none", label);
        }
        if (!data.isObject()) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA,
                    "data: expected a JSON object, got " + FieldReader.describe(data), label);
        }
        EventMeta meta = new EventMeta(a.id, a.source, type, time, a.subject, a.traceparent, a.tracestate);
        return typed(meta, data, label, recordTimestamp);
    }

    // ------------------------------------------------------------------ shared

    private ParseResult typed(EventMeta meta, JsonNode data, String label, long recordTimestamp) {
        FieldReader r = new FieldReader(data, "data.");
        AgentEvent event = EventData.read(meta, r);
        if (event == null) {
            return new ParseResult.Invalid(DlqReason.INVALID_DATA, r.error(), label);
        }
        Instant recordTime = Instant.ofEpochMilli(recordTimestamp);
        if (meta.time().isAfter(recordTime.plus(maxFutureSkew))) {
            return new ParseResult.Invalid(DlqReason.TIME_IN_FUTURE, "time: " + meta.time() + " is "
                    + SkewText.of(Duration.between(recordTime, meta.time())) + " later than the record's timestamp "
                    + recordTime + "; aggregates.max_future_skew allows " + SkewText.of(maxFutureSkew), label);
        }
        return new ParseResult.Valid(event);
    }

    private static ParseResult unknownType(String rawType) {
        return new ParseResult.Invalid(DlqReason.UNKNOWN_TYPE, "type: " + quoteText(rawType)
                + " is not one of " + KNOWN_TYPES, UNKNOWN);
    }

    private static String notJson(String name, JsonNode n) {
        return name + ": " + (n.isTextual() ? FieldReader.quote(n) : FieldReader.describe(n))
                + " is not JSON (application/json or a +json type)";
    }

    private static String notRfc3339(String name, JsonNode n) {
        return name + ": " + (n.isTextual() ? FieldReader.quote(n) : FieldReader.describe(n))
                + " is not an RFC 3339 date-time";
    }

    private static String quoteText(String s) {
        return FieldReader.quote(TextNode.valueOf(s));
    }

    private static String textOrNull(JsonNode n) {
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** A cheap pre-check before trying the fourth mode rule: first non-blank byte is '{'. */
    private static boolean startsWithBrace(byte[] value) {
        if (value == null) {
            return false;
        }
        for (byte b : value) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return false;
    }

    /** The JSON value of {@code value}, or null when it holds only whitespace; throws on bad JSON. */
    private static JsonNode readTree(byte[] value) throws IOException {
        JsonNode n = TREE_READER.readTree(value);
        return n == null || n.isMissingNode() ? null : n;
    }

    private static JsonNode readTreeOrNull(byte[] value) {
        try {
            return readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static String jsonError(IOException e) {
        String msg = e instanceof JsonProcessingException
                ? ((JsonProcessingException) e).getOriginalMessage() : e.getMessage();
        if (e instanceof JsonProcessingException && ((JsonProcessingException) e).getLocation() != null) {
            var loc = ((JsonProcessingException) e).getLocation();
            msg = msg + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        msg = msg == null ? e.getClass().getSimpleName() : msg.replace('\n', ' ');
        return msg.length() <= 240 ? msg : msg.substring(0, 240) + "…";
    }
}
