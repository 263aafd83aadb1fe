package dev.vigil.topology;

import dev.vigil.aggregates.codec.BinaryCodec;
import dev.vigil.serdes.binary.CodecException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka {@link Serde} over one of the aggregates' versioned binary codecs. */
final class CodecSerde {
    private CodecSerde() {
    }

    public static <T> Serde<T> of(BinaryCodec<T> codec) {
        Serializer<T> serializer = (topic, value) -> codec.encode(value);
        Deserializer<T> deserializer = (topic, bytes) -> {
            try {
                return codec.decode(bytes);
            } catch (CodecException e) {
                throw new SerializationException("cannot decode a record of topic " + topic + ": " + e.getMessage(), e);
            }
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
