package dev.vigil.simulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A valid event as the simulated platform meant it: what the metric truth is computed from. The record carrying
 * it encodes exactly these attributes and data (in binary or structured mode).
 *
 * @param source      CloudEvents {@code source}
 * @param id          CloudEvents {@code id}; unique per source for every generated event
 * @param type        the event type
 * @param time        the {@code time} attribute, or null when the event omits it (event time is then the Kafka
 *                    record timestamp, {@link SimRecord#timestamp()})
 * @param subject     the {@code subject} attribute, or null
 * @param traceparent the W3C {@code traceparent} extension, or null
 * @param tracestate  the W3C {@code tracestate} extension, or null
 * @param key         the Kafka record key (the entity key: task, call, lease or pool)
 * @param data        the data object, read-only; values are {@link String}, {@link Long}, {@link Double}
 */
record SimEvent(String source, String id, EventType type, Instant time, String subject, String traceparent,
                       String tracestate, String key, Map<String, Object> data) {
    public SimEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** A data field as a string, or null when absent. */
    public String string(String field) {
        Object v = data.get(field);
        return v == null ? null : v.toString();
    }

    /** A numeric data field, or null when absent. */
    public Number number(String field) {
        Object v = data.get(field);
        return v instanceof Number n ? n : null;
    }
}
