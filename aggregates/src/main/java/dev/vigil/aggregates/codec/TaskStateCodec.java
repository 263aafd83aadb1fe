package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.serdes.event.TaskStatus;

/**
 * Binary form of {@link TaskState} for the task store. Version 2: byte {@code 2}; a flags byte
 * (bit 0 submitted, bit 1 active, bit 2 has a tenant, bit 3 has a cost); when submitted, the
 * submitted time (zig-zag varint ms); the terminal status code (0 none); when terminal, the terminal
 * time (zig-zag varint ms); the tenant (string) and the cost (8-byte double) when flagged.
 * Version 1, which an earlier build wrote to the store and its changelog, has no tenant or cost bits
 * and is still read (no tenant, cost 0).
 */
public final class TaskStateCodec {
    public static final int FORMAT_VERSION = 2;
    public static final BinaryCodec<TaskState> CODEC = new BinaryCodec<>(TaskStateCodec::encode, TaskStateCodec::decode);
    private static final String FORMAT = "TaskState";

    private TaskStateCodec() {
    }

    public static byte[] encode(TaskState s) {
        boolean hasTenant = s.tenant() != null;
        boolean hasCost = s.costUsd() != 0;
        ByteWriter out = new ByteWriter(24).writeByte(FORMAT_VERSION)
                .writeByte(Flags.of(s.submitted(), s.active(), hasTenant, hasCost));
        if (s.submitted()) {
            out.writeSignedVarLong(s.submittedAtMs());
        }
        out.writeByte(EnumCodes.code(s.terminal()));
        if (s.terminal() != null) {
            out.writeSignedVarLong(s.terminalAtMs());
        }
        if (hasTenant) {
            out.writeString(s.tenant());
        }
        if (hasCost) {
            out.writeDouble(s.costUsd());
        }
        return out.toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static TaskState decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT);
        int version = in.readVersion(1, FORMAT_VERSION);
        int flags = in.readByte();
        Flags.requireOnly(flags, version == 1 ? 2 : 4, in);
        boolean submitted = Flags.has(flags, 0);
        long submittedAt = submitted ? in.readSignedVarLong() : 0;
        TaskStatus terminal = EnumCodes.taskStatus(in.readByte(), in);
        long terminalAt = terminal != null ? in.readSignedVarLong() : 0;
        String tenant = Flags.has(flags, 2) ? in.readString() : null;
        double cost = Flags.has(flags, 3) ? in.readDouble() : 0;
        in.expectEnd();
        try {
            return new TaskState(submitted, submittedAt, Flags.has(flags, 1), terminal, terminalAt, tenant, cost);
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": inconsistent state: " + e.getMessage(), e);
        }
    }
}
