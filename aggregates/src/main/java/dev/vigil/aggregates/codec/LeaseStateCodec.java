package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.entity.LeaseState;
import dev.vigil.serdes.event.ReleaseReason;

/**
 * Binary form of {@link LeaseState} for the lease store. Version 1: byte {@code 1}; a flags byte
 * (bit 0 acquired, bit 1 released, bit 2 TTL-expired); when acquired: acquired time (zig-zag
 * varint ms), pool, agent name (UTF-8, length-prefixed), ttl (varint ms, 0 none); when released:
 * released time, release pool, reason code (0 none).
 */
public final class LeaseStateCodec {
    public static final int FORMAT_VERSION = 1;
    public static final BinaryCodec<LeaseState> CODEC = new BinaryCodec<>(LeaseStateCodec::encode, LeaseStateCodec::decode);
    private static final String FORMAT = "LeaseState";

    private LeaseStateCodec() {
    }

    public static byte[] encode(LeaseState s) {
        ByteWriter out = new ByteWriter(48).writeByte(FORMAT_VERSION)
                .writeByte(Flags.of(s.acquired(), s.released(), s.ttlExpired()));
        if (s.acquired()) {
            out.writeSignedVarLong(s.acquiredAtMs()).writeString(s.pool()).writeString(s.agentName())
                    .writeVarLong(s.ttlMs());
        }
        if (s.released()) {
            out.writeSignedVarLong(s.releasedAtMs()).writeString(s.releasedPool())
                    .writeByte(EnumCodes.code(s.reason()));
        }
        return out.toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static LeaseState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT).expectVersion(FORMAT_VERSION);
        int flags = in.readByte();
        Flags.requireOnly(flags, 3, in);
        boolean acquired = Flags.has(flags, 0);
        boolean released = Flags.has(flags, 1);
        long acquiredAt = 0;
        String pool = null;
        String agent = null;
        long ttl = 0;
        if (acquired) {
            acquiredAt = in.readSignedVarLong();
            pool = in.readString();
            agent = in.readString();
            ttl = in.readVarLong();
        }
        long releasedAt = 0;
        String releasedPool = null;
        ReleaseReason reason = null;
        if (released) {
            releasedAt = in.readSignedVarLong();
            releasedPool = in.readString();
            reason = EnumCodes.releaseReason(in.readByte(), in);
        }
        in.expectEnd();
        try {
            return new LeaseState(acquired, acquiredAt, pool, agent, ttl, released, releasedAt, releasedPool, reason,
                    Flags.has(flags, 2));
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": inconsistent state: " + e.getMessage(), e);
        }
    }
}
