package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.serdes.event.TaskStatus;

/**
 * Binary form of {@link TaskState} for the task store. Version 1: byte {@code 1}; a flags byte
 * (bit 0 submitted, bit 1 active); when submitted, the submitted time (zig-zag varint ms); the
 * terminal status code (0 none); when terminal, the terminal time (zig-zag varint ms).
 */
public final class TaskStateCodec {
    public static final int FORMAT_VERSION = 1;
    public static final BinaryCodec<TaskState> CODEC = new BinaryCodec<>(TaskStateCodec::encode, TaskStateCodec::decode);
    private static final String FORMAT = "TaskState";

    private TaskStateCodec() {
    }

    public static byte[] encode(TaskState s) {
        ByteWriter out = new ByteWriter(24).writeByte(FORMAT_VERSION).writeByte(Flags.of(s.submitted(), s.active()));
        if (s.submitted()) {
            out.writeSignedVarLong(s.submittedAtMs());
        }
        out.writeByte(EnumCodes.code(s.terminal()));
        if (s.terminal() != null) {
            out.writeSignedVarLong(s.terminalAtMs());
        }
        return out.toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static TaskState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT).expectVersion(FORMAT_VERSION);
        int flags = in.readByte();
        Flags.requireOnly(flags, 2, in);
        boolean submitted = Flags.has(flags, 0);
        long submittedAt = submitted ? in.readSignedVarLong() : 0;
        TaskStatus terminal = EnumCodes.taskStatus(in.readByte(), in);
        long terminalAt = terminal != null ? in.readSignedVarLong() : 0;
        in.expectEnd();
        try {
            return new TaskState(submitted, submittedAt, Flags.has(flags, 1), terminal, terminalAt);
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": inconsistent state: " + e.getMessage(), e);
        }
    }
}
