package dev.vigil.bench.flink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A Kafka record (value, headers, timestamp) → the {@link PeerEvent} Vigil would accept, or a verdict that it is not
 * one of the peer's. Written for the peer from docs/events.md and docs/dead-letters.md, sharing no code with Vigil's
 * {@code CloudEventParser}, and judging validity the same way, so that the peer accepts exactly the records Vigil
 * accepts:
 *
 * <ul>
 *   <li>values over {@code topics.max_event_bytes} (1 MiB) are invalid;</li>
 *   <li>content mode: a {@code content-type} header whose media type is {@code application/cloudevents+json}
 *       (any parameters, any case) is structured and its {@code ce_} headers are ignored; else a
 *       {@code ce_specversion} header is binary (attributes from {@code ce_<name>} headers, the data type from
 *       {@code content-type}, the data in the value); else a record with no {@code ce_} header whose value is a JSON
 *       object with a {@code specversion} member is structured; anything else is not a CloudEvent;</li>
 *   <li>the envelope: JSON that parses (no trailing content), {@code specversion} the string {@code "1.0"},
 *       non-empty string {@code id}, {@code source}, {@code type}, one of the six types, a JSON
 *       {@code datacontenttype} when present, an RFC 3339 {@code time} with seconds and an offset when present (the
 *       record timestamp otherwise), {@code data} a JSON object;</li>
 *   <li>the data fields of the subset's three types, with Vigil's kinds and bounds (non-empty strings, enumerations,
 *       finite non-negative numbers up to their bound, whole numbers for integer fields, {@code null} = absent);</li>
 *   <li>last, an event whose {@code time} is more than {@code aggregates.max_future_skew} (5 min) after its record
 *       timestamp is invalid.</li>
 * </ul>
 *
 * <p>Lease and pool events are outside the peer's subset: they are judged up to their envelope and then left out
 * ({@link Verdict#OTHER}), valid or not, since nothing the peer computes depends on them. Not thread-safe only in
 * that {@link #verdict()} belongs to the last call; one parser per parallel instance.
 */
public final class EventParser {

    /** What the last {@link #parse} decided. */
    public enum Verdict { ACCEPTED, INVALID, OTHER }

    public static final long DEFAULT_MAX_EVENT_BYTES = 1_048_576L;
    public static final long DEFAULT_MAX_FUTURE_SKEW_MS = 5 * 60_000L;

    private static final double MAX_DURATION_MS = 2_678_400_000d;
    private static final long MAX_TOKENS = 1_000_000_000L;
    private static final double MAX_COST_USD = 1_000_000;
    private static final long MAX_ATTEMPT = 1_000_000L;

    private static final Set<String> TASK_STATUSES = Set.of("submitted", "running", "succeeded", "failed", "cancelled");
    private static final Set<String> STEP_STATUSES =
            Set.of("queued", "running", "succeeded", "failed", "cancelled", "timed_out");
    private static final Set<String> CALL_STATUSES = Set.of("ok", "error");
    private static final Set<String> OTHER_TYPES = Set.of("agent.lease.acquired", "agent.lease.released",
            "agent.pool.status");

    private static final ObjectReader JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

    private final long maxEventBytes;
    private final long maxFutureSkewMs;
    private Verdict verdict;

    public EventParser(long maxEventBytes, long maxFutureSkewMs) {
        this.maxEventBytes = maxEventBytes;
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    public Verdict verdict() {
        return verdict;
    }

    /**
     * @param headerKeys   the record's header keys, in order (may hold the same key twice: the last one wins)
     * @param headerValues their values (an entry may be null)
     * @return the accepted event of the subset, or null (then {@link #verdict()} says why)
     */
    public PeerEvent parse(byte[] value, String[] headerKeys, byte[][] headerValues, long timestampMs) {
        verdict = Verdict.INVALID;
        if (value != null && value.length > maxEventBytes) {
            return null;
        }
        String contentType = null;
        boolean hasSpecVersion = false;
        boolean anyCe = false;
        for (int i = 0; i < headerKeys.length; i++) {
            String k = headerKeys[i];
            if (k.length() > 3 && k.startsWith("ce_")) {
                anyCe = true;
                hasSpecVersion |= k.equals("ce_specversion");
            } else if (k.equals("content-type")) {
                contentType = utf8(headerValues[i]);
            }
        }
        if (contentType != null && essence(contentType).equalsIgnoreCase("application/cloudevents+json")) {
            return structured(readObject(value), timestampMs);
        }
        if (hasSpecVersion) {
            return binary(value, headerKeys, headerValues, timestampMs);
        }
        if (!anyCe && startsWithBrace(value)) {
            JsonNode tree = readObject(value);
            if (tree != null && tree.has("specversion")) {
                return structured(tree, timestampMs);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ modes

    private PeerEvent structured(JsonNode event, long timestampMs) {
        if (event == null) {
            return null;
        }
        JsonNode specVersion = event.get("specversion");
        if (specVersion == null || !specVersion.isTextual() || !"1.0".equals(specVersion.textValue())) {
            return null;
        }
        String id = nonEmptyText(event.get("id"));
        String source = nonEmptyText(event.get("source"));
        String type = nonEmptyText(event.get("type"));
        if (id == null || source == null || type == null || !knownType(type)) {
            return null;
        }
        JsonNode dct = event.get("datacontenttype");
        if (dct != null && !dct.isNull() && (!dct.isTextual() || !isJson(dct.textValue()))) {
            return null;
        }
        JsonNode timeNode = event.get("time");
        String time = null;
        if (timeNode != null && !timeNode.isNull()) {
            if (!timeNode.isTextual()) {
                return null;
            }
            time = timeNode.textValue();
        }
        return typed(type, id, source, time, event.get("data"), timestampMs);
    }

    private PeerEvent binary(byte[] value, String[] headerKeys, byte[][] headerValues, long timestampMs) {
        String specVersion = null;
        String id = null;
        String source = null;
        String type = null;
        String time = null;
        String dataContentType = null;
        // As the CloudEvents Kafka binding reads them: headers with a value, ce_<name> lower-cased, the last wins.
        for (int i = 0; i < headerKeys.length; i++) {
            String k = headerKeys[i];
            if (k.equals("ce_specversion")) {
                specVersion = utf8(headerValues[i]);
            }
            if (headerValues[i] == null) {
                continue;
            }
            if (k.equals("content-type")) {
                dataContentType = utf8(headerValues[i]);
            } else if (k.length() > 3 && k.startsWith("ce_")) {
                switch (k.substring(3).toLowerCase(Locale.ROOT)) {
                    case "id" -> id = utf8(headerValues[i]);
                    case "source" -> source = utf8(headerValues[i]);
                    case "type" -> type = utf8(headerValues[i]);
                    case "time" -> time = utf8(headerValues[i]);
                    default -> { }
                }
            }
        }
        JsonNode data = null;
        if (value != null && value.length > 0) {
            data = readTree(value);
            if (data == null) {
                return null; // not JSON
            }
        }
        if (!"1.0".equals(specVersion) || isEmpty(id) || isEmpty(source) || isEmpty(type) || !knownType(type)) {
            return null;
        }
        if (dataContentType != null && !isJson(dataContentType)) {
            return null;
        }
        return typed(type, id, source, time, data, timestampMs);
    }

    // ------------------------------------------------------------------------------------------------ data

    private PeerEvent typed(String type, String id, String source, String time, JsonNode data, long timestampMs) {
        long timeMs = timestampMs;
        int subMilliNanos = 0;
        if (time != null) {
            long[] parsed = Rfc3339.parse(time);
            if (parsed == null) {
                return null;
            }
            timeMs = parsed[0];
            subMilliNanos = (int) parsed[1];
        }
        if (data == null || !data.isObject()) {
            return null;
        }
        PeerEvent e = new PeerEvent();
        boolean other = OTHER_TYPES.contains(type);
        boolean ok = switch (type) {
            case "agent.task.status_changed" -> task(data, e);
            case "agent.step.status_changed" -> step(data, e);
            case "agent.call.completed" -> call(data, e);
            default -> true;
        };
        if (!ok) {
            return null;
        }
        long limit = timestampMs + maxFutureSkewMs;
        if (timeMs > limit || (timeMs == limit && subMilliNanos > 0)) {
            return null; // time_in_future
        }
        if (other) {
            verdict = Verdict.OTHER;
            return null;
        }
        e.identity = source + '\u0000' + id;
        e.timeMs = timeMs;
        verdict = Verdict.ACCEPTED;
        return e;
    }

    private static boolean task(JsonNode d, PeerEvent e) {
        e.kind = PeerEvent.TASK;
        e.entity = requiredString(d, "task_id");
        e.status = oneOf(d, "status", TASK_STATUSES);
        e.durationMs = optionalNumber(d, "duration_ms", MAX_DURATION_MS);
        return e.entity != null && e.status != null && !Double.isInfinite(e.durationMs)
                && optionalString(d, "error_type") && optionalString(d, "tenant");
    }

    private static boolean step(JsonNode d, PeerEvent e) {
        e.kind = PeerEvent.STEP;
        e.entity = requiredString(d, "task_id");
        String stepId = requiredString(d, "step_id");
        e.status = oneOf(d, "status", STEP_STATUSES);
        e.agentName = requiredString(d, "agent_name");
        e.capability = requiredString(d, "capability");
        long attempt = 1;
        JsonNode a = d.get("attempt");
        if (a != null && !a.isNull()) {
            attempt = integer(a, 1, MAX_ATTEMPT);
        }
        e.durationMs = optionalNumber(d, "duration_ms", MAX_DURATION_MS);
        e.step = stepId + '\u0000' + attempt;
        return e.entity != null && stepId != null && e.status != null && e.agentName != null && e.capability != null
                && attempt != Long.MIN_VALUE && !Double.isInfinite(e.durationMs) && optionalString(d, "error_type");
    }

    private static boolean call(JsonNode d, PeerEvent e) {
        e.kind = PeerEvent.CALL;
        e.entity = requiredString(d, "call_id");
        e.agentName = requiredString(d, "agent_name");
        e.capability = requiredString(d, "capability");
        e.modelName = requiredString(d, "model_name");
        e.status = oneOf(d, "status", CALL_STATUSES);
        JsonNode latency = d.get("latency_ms");
        boolean latencyOk = latency != null && !latency.isNull() && number(latency, MAX_DURATION_MS) >= 0;
        e.inputTokens = requiredInteger(d, "input_tokens", MAX_TOKENS);
        e.outputTokens = requiredInteger(d, "output_tokens", MAX_TOKENS);
        e.costUsd = optionalNumber(d, "cost_usd", MAX_COST_USD);
        JsonNode cached = d.get("cached_input_tokens");
        boolean cachedOk = true;
        if (cached != null && !cached.isNull()) {
            long v = integer(cached, 0, MAX_TOKENS);
            // part of the input: at most input_tokens (docs/events.md)
            cachedOk = v != Long.MIN_VALUE && v <= e.inputTokens;
            e.cachedInputTokens = v;
        }
        return e.entity != null && e.agentName != null && e.capability != null && e.modelName != null
                && e.status != null && latencyOk && e.inputTokens >= 0 && e.outputTokens >= 0 && cachedOk
                && optionalString(d, "task_id") && optionalString(d, "step_id") && !Double.isInfinite(e.costUsd)
                && optionalString(d, "error_type") && optionalString(d, "tenant");
    }

    // ------------------------------------------------------------------------------------------------ fields

    private static String requiredString(JsonNode d, String name) {
        return nonEmptyText(d.get(name));
    }

    /** Whether an optional string field is absent, null, or a non-empty string. */
    private static boolean optionalString(JsonNode d, String name) {
        JsonNode n = d.get(name);
        return n == null || n.isNull() || nonEmptyText(n) != null;
    }

    private static String oneOf(JsonNode d, String name, Set<String> allowed) {
        JsonNode n = d.get(name);
        return n != null && n.isTextual() && allowed.contains(n.textValue()) ? n.textValue() : null;
    }

    /** An optional number in [0, max]: NaN when absent or null, +Infinity when invalid. */
    private static double optionalNumber(JsonNode d, String name, double max) {
        JsonNode n = d.get(name);
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        double v = number(n, max);
        return v < 0 ? Double.POSITIVE_INFINITY : v;
    }

    /** A finite number in [0, max], or -1. */
    private static double number(JsonNode n, double max) {
        if (!n.isNumber()) {
            return -1;
        }
        double v = n.doubleValue();
        return Double.isFinite(v) && v >= 0 && v <= max ? v : -1;
    }

    private static long requiredInteger(JsonNode d, String name, long max) {
        JsonNode n = d.get(name);
        if (n == null || n.isNull()) {
            return -1;
        }
        long v = integer(n, 0, max);
        return v == Long.MIN_VALUE ? -1 : v;
    }

    /** A whole number in [min, max] ({@code 2.0} is 2), or Long.MIN_VALUE. */
    private static long integer(JsonNode n, long min, long max) {
        if (!n.isNumber()) {
            return Long.MIN_VALUE;
        }
        long v;
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                return Long.MIN_VALUE;
            }
            v = n.longValue();
        } else {
            double x = n.doubleValue();
            if (!Double.isFinite(x) || x != Math.rint(x) || x >= 0x1p63 || x < -0x1p63) {
                return Long.MIN_VALUE;
            }
            v = (long) x;
        }
        return v >= min && v <= max ? v : Long.MIN_VALUE;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static boolean knownType(String type) {
        return switch (type) {
            case "agent.task.status_changed", "agent.step.status_changed", "agent.call.completed",
                 "agent.lease.acquired", "agent.lease.released", "agent.pool.status" -> true;
            default -> false;
        };
    }

    private static String nonEmptyText(JsonNode n) {
        return n != null && n.isTextual() && !n.textValue().isEmpty() ? n.textValue() : null;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String essence(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }

    /** {@code application/json} or a {@code type/subtype+json} media type, any parameters, any case. */
    static boolean isJson(String contentType) {
        String mt = essence(contentType).toLowerCase(Locale.ROOT);
        if (mt.equals("application/json")) {
            return true;
        }
        int slash = mt.indexOf('/');
        return slash > 0 && mt.indexOf('/', slash + 1) < 0 && mt.endsWith("+json")
                && mt.length() - "+json".length() > slash + 1;
    }

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

    /** The JSON value, or null when the bytes are not one JSON value (or only whitespace). */
    private static JsonNode readTree(byte[] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(value);
            return n == null || n.isMissingNode() ? null : n;
        } catch (JsonProcessingException e) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode readObject(byte[] value) {
        JsonNode n = readTree(value);
        return n != null && n.isObject() ? n : null;
    }

    private static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
