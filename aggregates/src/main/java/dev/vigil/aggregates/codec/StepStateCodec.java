package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.entity.StepState;
import dev.vigil.serdes.event.StepStatus;

/**
 * Binary form of {@link StepState} for the step store. Version 1: byte {@code 1}; a flags byte (bit 0
 * queued, bit 1 in queue, bit 2 running); when in queue, the queued capability (UTF-8, length-prefixed);
 * when running, the running time (zig-zag varint ms); the terminal status code (0 none); when
 * terminal, the terminal time.
 */
public final class StepStateCodec {
    public static final int FORMAT_VERSION = 1;
    public static final BinaryCodec<StepState> CODEC = new BinaryCodec<>(StepStateCodec::encode, StepStateCodec::decode);
    private static final String FORMAT = "StepState";

    private StepStateCodec() {
    }

    public static byte[] encode(StepState s) {
        ByteWriter out = new ByteWriter(32).writeByte(FORMAT_VERSION)
                .writeByte(Flags.of(s.queued(), s.inQueue(), s.running()));
        if (s.inQueue()) {
            out.writeString(s.queuedCapability());
        }
        if (s.running()) {
            out.writeSignedVarLong(s.runningAtMs());
        }
        out.writeByte(EnumCodes.code(s.terminal()));
        if (s.terminal() != null) {
            out.writeSignedVarLong(s.terminalAtMs());
        }
        return out.toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static StepState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT).expectVersion(FORMAT_VERSION);
        int flags = in.readByte();
        Flags.requireOnly(flags, 3, in);
        String capability = Flags.has(flags, 1) ? in.readString() : null;
        boolean running = Flags.has(flags, 2);
        long runningAt = running ? in.readSignedVarLong() : 0;
        StepStatus terminal = EnumCodes.stepStatus(in.readByte(), in);
        long terminalAt = terminal != null ? in.readSignedVarLong() : 0;
        in.expectEnd();
        try {
            return new StepState(Flags.has(flags, 0), capability, running, runningAt, terminal, terminalAt);
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": inconsistent state: " + e.getMessage(), e);
        }
    }
}
