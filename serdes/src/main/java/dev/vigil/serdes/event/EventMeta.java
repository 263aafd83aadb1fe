package dev.vigil.serdes.event;

import java.time.Instant;
import java.util.Objects;

/**
 * The CloudEvents attributes Vigil uses, common to every typed event.
 *
 * @param id          the CloudEvents {@code id}; with {@code source} it identifies the event
 * @param source      the CloudEvents {@code source}
 * @param type        the event type
 * @param time        event time: the {@code time} attribute, else the Kafka record timestamp
 * @param subject     the {@code subject} attribute, or null
 * @param traceparent the W3C trace context extension, or null
 * @param tracestate  the W3C trace state extension, or null
 */
public record EventMeta(String id, String source, EventType type, Instant time, String subject,
                        String traceparent, String tracestate) {
    public EventMeta {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }
}
