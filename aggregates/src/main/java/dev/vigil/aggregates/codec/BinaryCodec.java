package dev.vigil.aggregates.codec;

import java.util.Objects;
import java.util.function.Function;

/**
 * A codec as a value, so that the topology can turn any of this package's codecs into a Kafka serde
 * with one adapter: {@code Serdes.serdeFrom((t, v) -> codec.encode(v), (t, b) -> codec.decode(b))}.
 * Null encodes to null and decodes from null (tombstones).
 */
public record BinaryCodec<T>(Function<T, byte[]> encoder, Function<byte[], T> decoder) {
    public BinaryCodec {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(decoder, "decoder");
    }

    public byte[] encode(T value) {
        return value == null ? null : encoder.apply(value);
    }

    public T decode(byte[] bytes) {
        return bytes == null ? null : decoder.apply(bytes);
    }
}
