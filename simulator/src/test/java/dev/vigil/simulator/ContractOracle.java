package dev.vigil.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;

/**
 * A second, independent reading of docs/events.md for tests: classifies raw records (key, value, headers) with plain
 * Jackson, without looking at what the generator expected. Written from the contract text, not from the generator.
 */
final class ContractOracle {

    static final String VALID = "valid";

    /** The verdict on one record; for valid ones the event's attributes and data. */
    record Verdict(String reason, String label, String mode, String source, String id, String type, String time,
                   JsonNode data, String detail) {
        boolean valid() {
            return VALID.equals(reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TYPES = Set.of("agent.task.status_changed", "agent.step.status_changed",
            "agent.call.completed", "agent.lease.acquired", "agent.lease.released", "agent.pool.status");
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private enum Kind { STRING, ENUM, INT_GE0, INT_GE1, INT_GT0, NUM_GE0 }

    private record Field(String name, boolean required, Kind kind, Set<String> values) {
        static Field req(String name, Kind kind) {
            return new Field(name, true, kind, Set.of());
        }

        static Field opt(String name, Kind kind) {
            return new Field(name, false, kind, Set.of());
        }

        static Field reqEnum(String name, String... values) {
            return new Field(name, true, Kind.ENUM, Set.of(values));
        }

        static Field optEnum(String name, String... values) {
            return new Field(name, false, Kind.ENUM, Set.of(values));
        }
    }

    private static final Map<String, List<Field>> SCHEMA = Map.of(
            "agent.task.status_changed", List.of(
                    Field.req("task_id", Kind.STRING),
                    Field.reqEnum("status", "submitted", "running", "succeeded", "failed", "cancelled"),
                    Field.opt("duration_ms", Kind.NUM_GE0), Field.opt("error_type", Kind.STRING),
                    Field.opt("tenant", Kind.STRING)),
            "agent.step.status_changed", List.of(
                    Field.req("task_id", Kind.STRING), Field.req("step_id", Kind.STRING),
                    Field.reqEnum("status", "queued", "running", "succeeded", "failed", "cancelled", "timed_out"),
                    Field.req("agent_name", Kind.STRING), Field.req("capability", Kind.STRING),
                    Field.opt("attempt", Kind.INT_GE1), Field.opt("duration_ms", Kind.NUM_GE0),
                    Field.opt("error_type", Kind.STRING)),
            "agent.call.completed", List.of(
                    Field.req("call_id", Kind.STRING), Field.req("agent_name", Kind.STRING),
                    Field.req("capability", Kind.STRING), Field.req("model_name", Kind.STRING),
                    Field.reqEnum("status", "ok", "error"), Field.req("latency_ms", Kind.NUM_GE0),
                    Field.req("input_tokens", Kind.INT_GE0), Field.req("output_tokens", Kind.INT_GE0),
                    Field.opt("task_id", Kind.STRING), Field.opt("step_id", Kind.STRING),
                    Field.opt("cost_usd", Kind.NUM_GE0), Field.opt("error_type", Kind.STRING)),
            "agent.lease.acquired", List.of(
                    Field.req("lease_id", Kind.STRING), Field.req("resource_id", Kind.STRING),
                    Field.req("pool", Kind.STRING), Field.opt("agent_name", Kind.STRING),
                    Field.opt("task_id", Kind.STRING), Field.opt("step_id", Kind.STRING),
                    Field.opt("ttl_ms", Kind.INT_GT0)),
            "agent.lease.released", List.of(
                    Field.req("lease_id", Kind.STRING), Field.req("pool", Kind.STRING),
                    Field.opt("resource_id", Kind.STRING),
                    Field.optEnum("reason", "released", "expired", "revoked")),
            "agent.pool.status", List.of(
                    Field.req("pool", Kind.STRING), Field.req("capacity", Kind.INT_GE0),
                    Field.opt("healthy", Kind.INT_GE0), Field.optEnum("state", "healthy", "degraded", "down")));

    private final long maxEventBytes;

    ContractOracle(long maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    /** Vigil's default {@code aggregates.max_future_skew}, read from the contract, not from the simulator. */
    private static final long MAX_FUTURE_SKEW_MS = 300_000;

    /** The largest value of each bounded numeric field, read from the contract. */
    private static final Map<String, Double> MAXIMA = Map.of("cost_usd", 1e6, "input_tokens", 1e9,
            "output_tokens", 1e9, "latency_ms", 2_678_400_000d, "duration_ms", 2_678_400_000d,
            "ttl_ms", 31_536_000_000d, "capacity", 1e9, "healthy", 1e9, "attempt", 1e6);

    /** As {@link #classify(byte[], List)}, then {@code time_in_future}, judged last, against the record timestamp. */
    Verdict classify(byte[] value, List<Header> headers, long recordTimestamp) {
        Verdict v = classify(value, headers);
        if (v.reason().equals(VALID) && v.time() != null
                && instant(v.time()).isAfter(java.time.Instant.ofEpochMilli(recordTimestamp + MAX_FUTURE_SKEW_MS))) {
            return invalid("time_in_future", v.label(), v.mode(), "time");
        }
        return v;
    }

    Verdict classify(byte[] value, List<Header> headers) {
        if (value != null && value.length > maxEventBytes) {
            return invalid("too_large", "unknown", "NONE", "size " + value.length);
        }
        String contentType = header(headers, "content-type");
        boolean anyCe = headers.stream().anyMatch(h -> h.key().startsWith("ce_"));
        if (contentType != null && mediaType(contentType).equals("application/cloudevents+json")) {
            return structured(value, "STRUCTURED");
        }
        if (headers.stream().anyMatch(h -> h.key().equals("ce_specversion"))) {
            return binary(value, headers, contentType);
        }
        if (!anyCe && value != null) {
            JsonNode node = parse(value);
            if (node != null && node.isObject() && node.has("specversion")) {
                return structured(value, headers.isEmpty() ? "STRUCTURED_HEADERLESS" : "STRUCTURED");
            }
        }
        return invalid("not_cloudevent", "unknown", "NONE", "no mode");
    }

    private Verdict structured(byte[] value, String mode) {
        JsonNode ev = value == null ? null : parse(value);
        if (ev == null) {
            return invalid("bad_json", "unknown", mode, "value");
        }
        if (!ev.isObject()) {
            return invalid("UNDECIDED", "unknown", mode, "not an object");
        }
        String type = text(ev.get("type"));
        String label = type != null && TYPES.contains(type) ? type : "unknown";
        if (!"1.0".equals(text(ev.get("specversion")))) {
            return invalid("unsupported_specversion", label, mode, "specversion");
        }
        String id = text(ev.get("id"));
        String source = text(ev.get("source"));
        if (empty(id) || empty(source) || empty(type)) {
            return invalid("missing_attribute", label, mode, "id/source/type");
        }
        if (!TYPES.contains(type)) {
            return invalid("unknown_type", "unknown", mode, type);
        }
        JsonNode dct = ev.get("datacontenttype");
        if (dct != null && !(dct.isTextual() && mediaType(dct.asText()).equals("application/json"))) {
            return invalid("invalid_data", label, mode, "datacontenttype");
        }
        JsonNode time = ev.get("time");
        if (time != null && !(time.isTextual() && rfc3339(time.asText()))) {
            return invalid("invalid_data", label, mode, "time");
        }
        JsonNode data = ev.get("data");
        String problem = checkData(type, data);
        if (problem != null) {
            return invalid("invalid_data", label, mode, problem);
        }
        return new Verdict(VALID, type, mode, source, id, type, time == null ? null : time.asText(), data, null);
    }

    private Verdict binary(byte[] value, List<Header> headers, String contentType) {
        String mode = "BINARY";
        String type = header(headers, "ce_type");
        String label = type != null && TYPES.contains(type) ? type : "unknown";
        JsonNode data = null;
        if (value != null) {
            data = parse(value);
            if (data == null) {
                return invalid("bad_json", label, mode, "data");
            }
        }
        if (!"1.0".equals(header(headers, "ce_specversion"))) {
            return invalid("unsupported_specversion", label, mode, "specversion");
        }
        String id = header(headers, "ce_id");
        String source = header(headers, "ce_source");
        if (empty(id) || empty(source) || empty(type)) {
            return invalid("missing_attribute", label, mode, "id/source/type");
        }
        if (!TYPES.contains(type)) {
            return invalid("unknown_type", "unknown", mode, type);
        }
        if (value == null) {
            return invalid("invalid_data", label, mode, "no value");
        }
        if (contentType != null && !mediaType(contentType).equals("application/json")) {
            return invalid("invalid_data", label, mode, "content-type");
        }
        String time = header(headers, "ce_time");
        if (time != null && !rfc3339(time)) {
            return invalid("invalid_data", label, mode, "time");
        }
        String problem = checkData(type, data);
        if (problem != null) {
            return invalid("invalid_data", label, mode, problem);
        }
        return new Verdict(VALID, type, mode, source, id, type, time, data, null);
    }

    private static String checkData(String type, JsonNode data) {
        if (data == null || !data.isObject()) {
            return "data not an object";
        }
        for (Field f : SCHEMA.get(type)) {
            JsonNode v = data.get(f.name());
            if (v == null) {
                if (f.required()) {
                    return "missing " + f.name();
                }
                continue;
            }
            boolean ok = switch (f.kind()) {
                case STRING -> v.isTextual() && !v.asText().isEmpty();
                case ENUM -> v.isTextual() && f.values().contains(v.asText());
                case INT_GE0 -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 0;
                case INT_GE1 -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() >= 1;
                case INT_GT0 -> v.isIntegralNumber() && v.canConvertToLong() && v.asLong() > 0;
                case NUM_GE0 -> v.isNumber() && Double.isFinite(v.asDouble()) && v.asDouble() >= 0;
            };
            Double max = MAXIMA.get(f.name());
            if (ok && max != null && v.asDouble() > max) {
                ok = false;
            }
            if (!ok) {
                return "bad " + f.name() + "=" + v;
            }
        }
        return null;
    }

    /**
     * The instant of an RFC 3339 time. The offset is applied by hand: RFC 3339 allows up to
     * ±23:59, and {@link java.time.ZoneOffset} stops at ±18:00.
     */
    static java.time.Instant instant(String s) {
        java.util.regex.Matcher m = RFC3339.matcher(s);
        if (!m.matches()) {
            throw new DateTimeParseException("not RFC 3339", s, 0);
        }
        String zone = m.group(2);
        int offsetMinutes = zone.equalsIgnoreCase("Z") ? 0
                : (zone.charAt(0) == '-' ? -1 : 1) * (Integer.parseInt(zone.substring(1, 3)) * 60
                        + Integer.parseInt(zone.substring(4, 6)));
        if (Math.abs(offsetMinutes) >= 24 * 60 || !zone.equalsIgnoreCase("Z") && Integer.parseInt(zone.substring(4, 6)) > 59) {
            throw new DateTimeParseException("offset out of range", s, 0);
        }
        java.time.LocalDateTime local = java.time.LocalDateTime.parse(s.substring(0, s.length() - zone.length()),
                DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        return local.toInstant(java.time.ZoneOffset.UTC).minusSeconds(offsetMinutes * 60L);
    }

    static boolean rfc3339(String s) {
        if (!RFC3339.matcher(s).matches()) {
            return false;
        }
        try {
            instant(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static Verdict invalid(String reason, String label, String mode, String detail) {
        return new Verdict(reason, label, mode, null, null, null, null, null, detail);
    }

    static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (JsonProcessingException e) {
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String header(List<Header> headers, String key) {
        String v = null;
        for (Header h : headers) {
            if (h.key().equals(key)) {
                v = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        return v;
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }

    private static boolean empty(String s) {
        return s == null || s.isEmpty();
    }
}
