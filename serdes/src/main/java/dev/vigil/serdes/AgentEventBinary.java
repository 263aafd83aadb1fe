package dev.vigil.serdes;

import dev.vigil.serdes.binary.ByteReader;
import dev.vigil.serdes.binary.ByteWriter;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolState;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.function.Function;

/**
 * Format version 2 of {@link AgentEventSerde}: the event's fields in a fixed order per type, no
 * field names. Written once per event into {@code events-by-entity} and read once after it, so it
 * is on the hot path: the JSON of version 1 cost 6.7 % of the stream thread to write (BENCHMARKS.md)
 * and as much again to parse.
 *
 * <p>Version 3 (this build writes it) appends {@code cached_input_tokens} and {@code tenant} to a
 * call; version 2, which this build still reads, ends a call at {@code error_type}.
 *
 * <p>Layout: version byte {@code 3}; the type's wire name; meta ({@code id}, {@code source}, epoch
 * second as a zig-zag varint, nanosecond as a varint, then {@code subject}, {@code traceparent},
 * {@code tracestate} as nullable strings); then the data fields in the order of the record's
 * components. Enums are written by wire name, not ordinal, so reordering a Java enum cannot change
 * the meaning of stored bytes. Nullable numbers are a presence byte and the value.
 */
final class AgentEventBinary {
    static final int VERSION = 3;
    /** The oldest version this build reads: records an earlier build left in {@code events-by-entity}. */
    static final int OLDEST_READ = 2;
    private static final String FORMAT = "AgentEvent v2-3";

    private AgentEventBinary() {
    }

    static byte[] encode(AgentEvent event) {
        ByteWriter w = new ByteWriter(160);
        w.writeByte(VERSION);
        EventMeta m = event.meta();
        w.writeString(m.type().wireName())
                .writeString(m.id())
                .writeString(m.source())
                .writeSignedVarLong(m.time().getEpochSecond())
                .writeVarLong(m.time().getNano())
                .writeNullableString(m.subject())
                .writeNullableString(m.traceparent())
                .writeNullableString(m.tracestate());
        if (event instanceof TaskStatusChanged e) {
            w.writeString(e.taskId()).writeString(e.status().wireName());
            nullableDouble(w, e.durationMs());
            w.writeNullableString(e.errorType()).writeNullableString(e.tenant());
        } else if (event instanceof StepStatusChanged e) {
            w.writeString(e.taskId()).writeString(e.stepId()).writeString(e.status().wireName())
                    .writeString(e.agentName()).writeString(e.capability()).writeVarLong(e.attempt());
            nullableDouble(w, e.durationMs());
            w.writeNullableString(e.errorType());
        } else if (event instanceof CallCompleted e) {
            w.writeString(e.callId()).writeString(e.agentName()).writeString(e.capability())
                    .writeString(e.modelName()).writeString(e.status().wireName()).writeDouble(e.latencyMs())
                    .writeVarLong(e.inputTokens()).writeVarLong(e.outputTokens())
                    .writeNullableString(e.taskId()).writeNullableString(e.stepId());
            nullableDouble(w, e.costUsd());
            w.writeNullableString(e.errorType());
            nullableLong(w, e.cachedInputTokens());
            w.writeNullableString(e.tenant());
        } else if (event instanceof LeaseAcquired e) {
            w.writeString(e.leaseId()).writeString(e.resourceId()).writeString(e.pool())
                    .writeNullableString(e.agentName()).writeNullableString(e.taskId())
                    .writeNullableString(e.stepId());
            nullableLong(w, e.ttlMs());
        } else if (event instanceof LeaseReleased e) {
            w.writeString(e.leaseId()).writeString(e.pool()).writeNullableString(e.resourceId())
                    .writeNullableString(e.reason() == null ? null : e.reason().wireName());
        } else if (event instanceof PoolStatus e) {
            w.writeString(e.pool()).writeVarLong(e.capacity());
            nullableLong(w, e.healthy());
            w.writeNullableString(e.state() == null ? null : e.state().wireName());
        } else {
            throw new IllegalArgumentException("unknown event class " + event.getClass());
        }
        return w.toByteArray();
    }

    /** Decodes version-2 bytes (the version byte included and already checked by the caller). */
    static AgentEvent decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, FORMAT);
        int version = r.readVersion(OLDEST_READ, VERSION);
        String rawType = r.readString();
        EventType type = EventType.fromWireName(rawType).orElseThrow(() -> r.bad("unknown type " + rawType));
        String id = r.readString();
        String source = r.readString();
        long seconds = r.readSignedVarLong();
        long nanos = r.readVarLong();
        if (nanos < 0 || nanos > 999_999_999) {
            throw r.bad("nanosecond " + nanos + " out of range");
        }
        Instant time;
        try {
            time = Instant.ofEpochSecond(seconds, nanos);
        } catch (DateTimeException e) {
            throw r.bad("epoch second " + seconds + " out of range");
        }
        EventMeta m = new EventMeta(id, source, type, time, r.readNullableString(), r.readNullableString(),
                r.readNullableString());
        AgentEvent event = switch (type) {
            case TASK_STATUS_CHANGED -> new TaskStatusChanged(m, r.readString(),
                    wire(r, r.readString(), TaskStatus::fromWireName), nullableDouble(r), r.readNullableString(),
                    r.readNullableString());
            case STEP_STATUS_CHANGED -> new StepStatusChanged(m, r.readString(), r.readString(),
                    wire(r, r.readString(), StepStatus::fromWireName), r.readString(), r.readString(),
                    attempt(r), nullableDouble(r), r.readNullableString());
            case CALL_COMPLETED -> new CallCompleted(m, r.readString(), r.readString(), r.readString(),
                    r.readString(), wire(r, r.readString(), CallStatus::fromWireName), r.readDouble(),
                    r.readVarLong(), r.readVarLong(), r.readNullableString(), r.readNullableString(),
                    nullableDouble(r), r.readNullableString(), version >= 3 ? nullableLong(r) : null,
                    version >= 3 ? r.readNullableString() : null);
            case LEASE_ACQUIRED -> new LeaseAcquired(m, r.readString(), r.readString(), r.readString(),
                    r.readNullableString(), r.readNullableString(), r.readNullableString(), nullableLong(r));
            case LEASE_RELEASED -> new LeaseReleased(m, r.readString(), r.readString(), r.readNullableString(),
                    nullableWire(r, r.readNullableString(), ReleaseReason::fromWireName));
            case POOL_STATUS -> new PoolStatus(m, r.readString(), r.readVarLong(), nullableLong(r),
                    nullableWire(r, r.readNullableString(), PoolState::fromWireName));
        };
        r.expectEnd();
        return event;
    }

    private static int attempt(ByteReader r) {
        long attempt = r.readVarLong();
        if (attempt < 1 || attempt > Integer.MAX_VALUE) {
            throw r.bad("attempt " + attempt + " out of range");
        }
        return (int) attempt;
    }

    private static <E> E wire(ByteReader r, String value, Function<String, E> fromWireName) {
        E e = fromWireName.apply(value);
        if (e == null) {
            throw r.bad("unknown value " + value);
        }
        return e;
    }

    private static <E> E nullableWire(ByteReader r, String value, Function<String, E> fromWireName) {
        return value == null ? null : wire(r, value, fromWireName);
    }

    private static void nullableDouble(ByteWriter w, Double value) {
        if (value == null) {
            w.writeBoolean(false);
        } else {
            w.writeBoolean(true).writeDouble(value);
        }
    }

    private static Double nullableDouble(ByteReader r) {
        return r.readBoolean() ? r.readDouble() : null;
    }

    private static void nullableLong(ByteWriter w, Long value) {
        if (value == null) {
            w.writeBoolean(false);
        } else {
            w.writeBoolean(true).writeSignedVarLong(value);
        }
    }

    private static Long nullableLong(ByteReader r) {
        return r.readBoolean() ? r.readSignedVarLong() : null;
    }
}
