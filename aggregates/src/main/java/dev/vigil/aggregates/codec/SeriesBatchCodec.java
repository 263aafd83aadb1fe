package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a {@link SeriesBatch}, the value of every series-updates record (hot path: one per
 * group per event). Version 3: byte {@code 3}; the group's stable id (varint); the number of updates
 * (varint); per update a tag byte and its fields:
 * <ul>
 *   <li>{@code 1} Add: key, delta (double)</li>
 *   <li>{@code 2} Set: key, value (double)</li>
 *   <li>{@code 3} Observe: key, value (double)</li>
 *   <li>{@code 4} WindowObserve: key, event time (zig-zag varint ms), success (byte 0/1)</li>
 * </ul>
 * where a key is the metric id (varint), the number of label values (varint) and each value UTF-8,
 * length-prefixed (varint byte length); then the cause: byte {@code 0} (none) or {@code 1} followed
 * by source, id and a nullable traceparent; then the event time (zig-zag varint ms; the record
 * timestamp is the input record's, not the event time).
 *
 * <p>Version 2, the same without the trailing event time, is still read (with
 * {@link SeriesBatch#NO_EVENT_TIME}). Version 1 (no cause) was never released and is not read.
 */
public final class SeriesBatchCodec {
    public static final int FORMAT_VERSION = 3;
    private static final int OLDEST_READABLE = 2;
    public static final BinaryCodec<SeriesBatch> CODEC =
            new BinaryCodec<>(SeriesBatchCodec::encode, SeriesBatchCodec::decode);
    private static final String FORMAT = "SeriesBatch";
    private static final int ADD = 1;
    private static final int SET = 2;
    private static final int OBSERVE = 3;
    private static final int WINDOW_OBSERVE = 4;

    private SeriesBatchCodec() {
    }

    public static byte[] encode(SeriesBatch batch) {
        ByteWriter out = new ByteWriter(32 + 48 * batch.updates().size())
                .writeByte(FORMAT_VERSION)
                .writeVarLong(batch.group().id())
                .writeVarLong(batch.updates().size());
        for (SeriesUpdate u : batch.updates()) {
            if (u instanceof SeriesUpdate.Add add) {
                out.writeByte(ADD);
                SeriesKeys.write(out, add.key());
                out.writeDouble(add.delta());
            } else if (u instanceof SeriesUpdate.Set set) {
                out.writeByte(SET);
                SeriesKeys.write(out, set.key());
                out.writeDouble(set.value());
            } else if (u instanceof SeriesUpdate.Observe observe) {
                out.writeByte(OBSERVE);
                SeriesKeys.write(out, observe.key());
                out.writeDouble(observe.value());
            } else {
                SeriesUpdate.WindowObserve w = (SeriesUpdate.WindowObserve) u;
                out.writeByte(WINDOW_OBSERVE);
                SeriesKeys.write(out, w.key());
                out.writeSignedVarLong(w.eventTimeMs()).writeBoolean(w.success());
            }
        }
        EventRef cause = batch.cause();
        out.writeBoolean(cause != null);
        if (cause != null) {
            out.writeString(cause.source()).writeString(cause.id()).writeNullableString(cause.traceparent());
        }
        out.writeSignedVarLong(batch.eventTimeMs());
        return out.toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static SeriesBatch decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT);
        int version = in.readVersion(OLDEST_READABLE, FORMAT_VERSION);
        long groupId = in.readVarLong();
        MetricGroup group = groupId > Integer.MAX_VALUE ? null : MetricGroup.fromId((int) groupId).orElse(null);
        if (group == null) {
            throw in.bad("unknown group id " + groupId);
        }
        int n = in.readLength();
        List<SeriesUpdate> updates = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            int tag = in.readByte();
            SeriesKey key = SeriesKeys.read(in);
            try {
                updates.add(switch (tag) {
                    case ADD -> new SeriesUpdate.Add(key, in.readDouble());
                    case SET -> new SeriesUpdate.Set(key, in.readDouble());
                    case OBSERVE -> new SeriesUpdate.Observe(key, in.readDouble());
                    case WINDOW_OBSERVE -> new SeriesUpdate.WindowObserve(key, in.readSignedVarLong(), in.readBoolean());
                    default -> throw in.bad("unknown update tag " + tag);
                });
            } catch (IllegalArgumentException e) {
                throw in.bad(e.getMessage());
            }
        }
        EventRef cause = in.readBoolean()
                ? new EventRef(in.readString(), in.readString(), in.readNullableString()) : null;
        long eventTimeMs = version >= 3 ? in.readSignedVarLong() : SeriesBatch.NO_EVENT_TIME;
        in.expectEnd();
        try {
            return new SeriesBatch(group, updates, cause, eventTimeMs);
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": " + e.getMessage(), e);
        }
    }
}
