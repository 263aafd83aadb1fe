package dev.vigil.serdes;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.vigil.serdes.binary.CodecException;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * Serde of typed events for Vigil's repartition topic {@code events-by-entity} (not a CloudEvent).
 *
 * <p>This build writes format version 2, the compact binary layout of {@link AgentEventBinary}, and
 * reads versions 1 and 2, so records written by the previous build and still in flight on the
 * repartition topic during a rolling upgrade are read, not failed.
 *
 * <p>Format version 1: one byte {@code 0x01}, then a compact UTF-8 JSON object
 * <pre>{"type":"agent.call.completed","id":"…","source":"…","time_s":1768473000,"time_ns":5,
 *  "subject":"…","traceparent":"…","tracestate":"…","data":{…}}</pre>
 * where {@code time_s}/{@code time_ns} are the event time's epoch second and nanosecond
 * ({@code time_ns} left out when 0), and {@code data} holds the record's fields under their
 * field names of docs/events.md, enum values by their wire names; null fields are left out. Decoding validates
 * the data with the same rules as the parser, so a corrupt record fails loudly. A first byte other
 * than 1 or 2, or bytes that do not decode, are a {@link SerializationException} that names the
 * problem.
 */
public final class AgentEventSerde implements Serde<AgentEvent> {

    /** The format version this build writes (it reads 1 and 2). */
    public static final int FORMAT_VERSION = AgentEventBinary.VERSION;
    private static final int JSON_VERSION = 1;

    private static final JsonFactory JSON = CloudEventParser.MAPPER.getFactory();
    private static final ObjectReader TREE_READER = CloudEventParser.MAPPER.reader();

    private final Serializer<AgentEvent> serializer = (topic, event) -> encode(event);
    private final Deserializer<AgentEvent> deserializer = (topic, bytes) -> decode(bytes);

    @Override
    public Serializer<AgentEvent> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<AgentEvent> deserializer() {
        return deserializer;
    }

    /** The bytes of an event in this build's format ({@link #FORMAT_VERSION}); null for null. */
    public static byte[] encode(AgentEvent event) {
        return event == null ? null : AgentEventBinary.encode(event);
    }

    /**
     * The version-1 (JSON) bytes of an event, as the previous build wrote them; null for null. Kept
     * for the upgrade tests and for the benchmark that compares the two formats; Vigil writes {@link #encode}.
     */
    public static byte[] encodeJsonV1(AgentEvent event) {
        if (event == null) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(JSON_VERSION);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            EventMeta m = event.meta();
            g.writeStartObject();
            g.writeStringField("type", m.type().wireName());
            g.writeStringField("id", m.id());
            g.writeStringField("source", m.source());
            g.writeNumberField("time_s", m.time().getEpochSecond());
            if (m.time().getNano() != 0) {
                g.writeNumberField("time_ns", m.time().getNano());
            }
            optional(g, "subject", m.subject());
            optional(g, "traceparent", m.traceparent());
            optional(g, "tracestate", m.tracestate());
            g.writeFieldName("data");
            EventData.write(g, event);
            g.writeEndObject();
        } catch (IOException e) {
            // only a ByteArrayOutputStream underneath: cannot happen short of a bug
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The event of {@link #encode} (or version-1) bytes; null for null. */
    public static AgentEvent decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new SerializationException("AgentEvent: empty bytes, expected format version " + FORMAT_VERSION);
        }
        int version = bytes[0] & 0xff;
        if (version == AgentEventBinary.VERSION) {
            try {
                return AgentEventBinary.decode(bytes);
            } catch (CodecException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        }
        if (version != JSON_VERSION) {
            throw new SerializationException("AgentEvent: unsupported format version " + version
                    + " (this build reads versions " + JSON_VERSION + " and " + FORMAT_VERSION + ")");
        }
        return decodeJsonV1(bytes);
    }

    private static AgentEvent decodeJsonV1(byte[] bytes) {
        JsonNode root;
        try {
            root = TREE_READER.readTree(bytes, 1, bytes.length - 1);
        } catch (IOException e) {
            throw new SerializationException("AgentEvent v1: not valid JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw corrupt("not a JSON object");
        }
        FieldReader meta = new FieldReader(root, "");
        String rawType = meta.requiredString("type");
        String id = meta.requiredString("id");
        String source = meta.requiredString("source");
        long seconds = meta.requiredInteger("time_s", Long.MIN_VALUE, Long.MAX_VALUE);
        Long nanos = meta.optionalInteger("time_ns", 0, 999_999_999);
        if (meta.failed()) {
            throw corrupt(meta.error());
        }
        EventType type = EventType.fromWireName(rawType).orElseThrow(() -> corrupt("unknown type " + rawType));
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw corrupt("data: not a JSON object");
        }
        Instant time;
        try {
            time = Instant.ofEpochSecond(seconds, nanos == null ? 0 : nanos);
        } catch (java.time.DateTimeException e) {
            throw corrupt("time_s: out of range");
        }
        EventMeta m = new EventMeta(id, source, type, time, text(root, "subject"), text(root, "traceparent"),
                text(root, "tracestate"));
        FieldReader r = new FieldReader(data, "data.");
        AgentEvent event = EventData.read(m, r);
        if (event == null) {
            throw corrupt(r.error());
        }
        return event;
    }

    private static SerializationException corrupt(String what) {
        return new SerializationException("AgentEvent v1: corrupt record: " + what);
    }

    private static void optional(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static String text(JsonNode root, String name) {
        JsonNode n = root.get(name);
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
