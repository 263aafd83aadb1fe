package dev.vigil.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Byte-level encoding of CloudEvents into Kafka records, both content modes (Kafka protocol binding). */
final class Codec {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String CONTENT_TYPE = "content-type";
    static final String JSON_TYPE = "application/json";
    /** Structured content-type values, all with the media type {@code application/cloudevents+json}. */
    static final String[] STRUCTURED_TYPES = {
        "application/cloudevents+json; charset=UTF-8",
        "application/cloudevents+json",
        "application/cloudevents+json;charset=utf-8",
    };

    private Codec() {
    }

    /** How one valid event is put on the wire. */
    record Encoding(ContentMode mode, String contentType, boolean dataContentTypeMember, boolean strayCeHeaders,
                    int timeOffsetMinutes) {
    }

    /** A record's value and headers. */
    record Wire(byte[] value, List<Header> headers) {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Header header(String key, String value) {
        return new RecordHeader(key, value == null ? null : utf8(value));
    }

    static byte[] json(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** RFC 3339 with millisecond precision, in UTC ({@code Z}) or at a numeric offset. */
    static String time(Instant t, int offsetMinutes) {
        if (offsetMinutes == 0) {
            return DateTimeFormatter.ISO_INSTANT.format(t);
        }
        ZoneOffset off = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX").format(t.atOffset(off));
    }

    /** Binary mode: one {@code ce_} header per attribute (in order), an optional content-type, the value as is. */
    static Wire binary(Map<String, String> attributes, String contentType, byte[] value) {
        List<Header> headers = new ArrayList<>();
        attributes.forEach((k, v) -> headers.add(header("ce_" + k, v)));
        if (contentType != null) {
            headers.add(header(CONTENT_TYPE, contentType));
        }
        return new Wire(value, headers);
    }

    /** Structured mode: the envelope as the value; a content-type header unless {@code contentType} is null. */
    static Wire structured(Map<String, Object> envelope, String contentType, List<Header> extraHeaders) {
        List<Header> headers = new ArrayList<>(extraHeaders);
        if (contentType != null) {
            headers.add(header(CONTENT_TYPE, contentType));
        }
        return new Wire(json(envelope), headers);
    }

    /** The wire form of a valid event. */
    static Wire encode(SimEvent e, Encoding enc) {
        String time = e.time() == null ? null : time(e.time(), enc.timeOffsetMinutes());
        if (enc.mode() == ContentMode.BINARY) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("specversion", "1.0");
            attrs.put("id", e.id());
            attrs.put("source", e.source());
            attrs.put("type", e.type().type());
            putIfNotNull(attrs, "time", time);
            putIfNotNull(attrs, "subject", e.subject());
            putIfNotNull(attrs, "traceparent", e.traceparent());
            putIfNotNull(attrs, "tracestate", e.tracestate());
            return binary(attrs, enc.contentType(), json(e.data()));
        }
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("specversion", "1.0");
        env.put("id", e.id());
        env.put("source", e.source());
        env.put("type", e.type().type());
        putIfNotNull(env, "time", time);
        putIfNotNull(env, "subject", e.subject());
        if (enc.dataContentTypeMember()) {
            env.put("datacontenttype", JSON_TYPE);
        }
        putIfNotNull(env, "traceparent", e.traceparent());
        putIfNotNull(env, "tracestate", e.tracestate());
        env.put("data", e.data());
        List<Header> extra = new ArrayList<>();
        if (enc.strayCeHeaders()) {
            // Structured mode ignores ce_ headers (Kafka protocol binding); these would mislead a binary reader.
            extra.add(header("ce_specversion", "1.0"));
            extra.add(header("ce_id", "relay-" + e.id()));
            extra.add(header("ce_source", "legacy-relay"));
        }
        return structured(env, enc.mode() == ContentMode.STRUCTURED ? enc.contentType() : null, extra);
    }

    static <V> void putIfNotNull(Map<String, V> m, String k, V v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
