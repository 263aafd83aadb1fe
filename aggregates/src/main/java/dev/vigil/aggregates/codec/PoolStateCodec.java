package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.entity.PoolState;

/**
 * Binary form of {@link PoolState} for the pool store. Version 1: byte {@code 1}; status time (zig-zag
 * varint ms); capacity (varint); healthy + 1 (varint, 0 when unknown).
 */
public final class PoolStateCodec {
    public static final int FORMAT_VERSION = 1;
    public static final BinaryCodec<PoolState> CODEC = new BinaryCodec<>(PoolStateCodec::encode, PoolStateCodec::decode);
    private static final String FORMAT = "PoolState";

    private PoolStateCodec() {
    }

    public static byte[] encode(PoolState s) {
        return new ByteWriter(24).writeByte(FORMAT_VERSION).writeSignedVarLong(s.statusTimeMs())
                .writeVarLong(s.capacity()).writeVarLong(s.healthy() == null ? 0 : s.healthy() + 1)
                .toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static PoolState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT).expectVersion(FORMAT_VERSION);
        long time = in.readSignedVarLong();
        long capacity = in.readVarLong();
        long healthyPlusOne = in.readVarLong();
        in.expectEnd();
        try {
            return new PoolState(time, capacity, healthyPlusOne == 0 ? null : healthyPlusOne - 1);
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": inconsistent state: " + e.getMessage(), e);
        }
    }
}
