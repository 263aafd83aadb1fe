package dev.vigil.serdes;

import dev.vigil.serdes.binary.CodecException;
import dev.vigil.serdes.event.AgentEvent;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of typed events for Vigil's repartition topic {@code events-by-entity} (not a CloudEvent).
 *
 * <p>This build writes and reads format version 2, the compact binary layout of
 * {@link AgentEventBinary}. (Version 1, a JSON object, was never released and is not read.) A
 * first byte other than 2, or bytes that do not decode, are a {@link SerializationException} that
 * names the problem.
 */
public final class AgentEventSerde implements Serde<AgentEvent> {

    /** The format version this build writes and reads. */
    public static final int FORMAT_VERSION = AgentEventBinary.VERSION;

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

    /** The event of {@link #encode} bytes; null for null. */
    public static AgentEvent decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length == 0) {
            throw new SerializationException("AgentEvent: empty bytes, expected format version " + FORMAT_VERSION);
        }
        int version = bytes[0] & 0xff;
        if (version < AgentEventBinary.OLDEST_READ || version > FORMAT_VERSION) {
            throw new SerializationException("AgentEvent: unsupported format version " + version
                    + " (this build reads versions " + AgentEventBinary.OLDEST_READ + " to " + FORMAT_VERSION + ")");
        }
        try {
            return AgentEventBinary.decode(bytes);
        } catch (CodecException e) {
            throw new SerializationException(e.getMessage(), e);
        }
    }
}
