package dev.vigil.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Alert events as CloudEvents 1.0 structured JSON ({@value #CONTENT_TYPE}): the attributes
 * {@code specversion}, {@code id}, {@code source}, {@code type}, {@code subject}, {@code time} (RFC 3339,
 * UTC), {@code datacontenttype} ({@code application/json}), {@code partitionkey}, {@code traceparent}
 * (only when the trigger had one), then {@code data}. Reading back is strict: anything that is not
 * such an event is an {@link IllegalArgumentException} naming the member.
 */
public final class AlertEventCodec {
    /** The Kafka {@code content-type} header of a structured-mode CloudEvent. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AlertEventCodec() {
    }

    /** The event in structured mode, UTF-8 JSON. */
    public static byte[] toStructuredJson(AlertEvent event) {
        ObjectNode root = NODES.objectNode();
        root.put("specversion", AlertEvent.SPEC_VERSION);
        root.put("id", event.id());
        root.put("source", event.source());
        root.put("type", event.type());
        root.put("subject", event.subject());
        root.put("time", time(event.timeMs()));
        root.put("datacontenttype", AlertEvent.DATA_CONTENT_TYPE);
        root.put("partitionkey", event.partitionKey());
        if (event.traceparent() != null) {
            root.put("traceparent", event.traceparent());
        }
        root.set("data", data(event.data()));
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an alert event", e);
        }
    }

    /** The data member alone, as JSON text (what vigil.alert.schema.json describes). */
    public static String dataJson(AlertEvent.Data data) {
        return data(data).toString();
    }

    /**
     * The event that {@link #toStructuredJson} wrote (e.g. read back from {@code agent-alerts}).
     *
     * @throws IllegalArgumentException naming the member that is missing or malformed
     */
    public static AlertEvent fromStructuredJson(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("an alert event must be JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("an alert event must be a JSON object");
        }
        String specversion = text(root, "specversion", false);
        if (!AlertEvent.SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion: expected 1.0, got " + specversion);
        }
        JsonNode d = root.get("data");
        if (d == null || !d.isObject()) {
            throw new IllegalArgumentException("data: missing or not an object");
        }
        JsonNode trig = d.get("trigger");
        AlertEvent.TriggerRef trigger = trig == null || trig.isNull() ? null
                : new AlertEvent.TriggerRef(text(trig, "source", false), text(trig, "id", false));
        AlertEvent.Data data = new AlertEvent.Data(text(d, "rule", false), text(d, "fingerprint", false),
                text(d, "state", false), text(d, "severity", false), strings(d, "labels"),
                nullableNumber(d, "value"), number(d, "threshold"), text(d, "window", true),
                nullableLong(d, "samples"), instant(d, "started_at"), instantOrNull(d, "resolved_at"),
                strings(d, "annotations"), trigger);
        return new AlertEvent(text(root, "id", false), text(root, "source", false), text(root, "type", false),
                text(root, "subject", false), instant(root, "time"), text(root, "partitionkey", false),
                text(root, "traceparent", true), data);
    }

    private static ObjectNode data(AlertEvent.Data d) {
        ObjectNode n = NODES.objectNode();
        n.put("rule", d.rule());
        n.put("fingerprint", d.fingerprint());
        n.put("state", d.state());
        n.put("severity", d.severity());
        ObjectNode labels = n.putObject("labels");
        d.labels().forEach(labels::put);
        if (d.value() == null) {
            n.putNull("value");
        } else {
            n.put("value", d.value());
        }
        n.put("threshold", d.threshold());
        if (d.window() == null) {
            n.putNull("window");
        } else {
            n.put("window", d.window());
        }
        if (d.samples() == null) {
            n.putNull("samples");
        } else {
            n.put("samples", d.samples());
        }
        n.put("started_at", time(d.startedAtMs()));
        if (d.resolvedAtMs() == null) {
            n.putNull("resolved_at");
        } else {
            n.put("resolved_at", time(d.resolvedAtMs()));
        }
        ObjectNode annotations = n.putObject("annotations");
        d.annotations().forEach(annotations::put);
        if (d.trigger() == null) {
            n.putNull("trigger");
        } else {
            ObjectNode t = n.putObject("trigger");
            t.put("source", d.trigger().source());
            t.put("id", d.trigger().id());
        }
        return n;
    }

    /** RFC 3339 in UTC, with milliseconds only when there are some ({@code 2026-01-15T10:30:00Z}). */
    static String time(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static String text(JsonNode n, String member, boolean nullable) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            if (nullable) {
                return null;
            }
            throw new IllegalArgumentException(member + ": missing");
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(member + ": must be a string");
        }
        return v.textValue();
    }

    private static double number(JsonNode n, String member) {
        Double v = nullableNumber(n, member);
        if (v == null) {
            throw new IllegalArgumentException(member + ": missing");
        }
        return v;
    }

    private static Double nullableNumber(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(member + ": must be a number");
        }
        return v.doubleValue();
    }

    private static Long nullableLong(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw new IllegalArgumentException(member + ": must be an integer");
        }
        return v.longValue();
    }

    private static long instant(JsonNode n, String member) {
        String s = text(n, member, false);
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(member + ": '" + s + "' is not an RFC 3339 time", e);
        }
    }

    private static Long instantOrNull(JsonNode n, String member) {
        JsonNode v = n.get(member);
        return v == null || v.isNull() ? null : instant(n, member);
    }

    private static SortedMap<String, String> strings(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException(member + ": missing or not an object");
        }
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(member + "." + e.getKey() + ": must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }
}
