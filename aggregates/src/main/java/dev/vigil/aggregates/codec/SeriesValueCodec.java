package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;

import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a {@link SeriesValue} for the series store. Version 1: byte {@code 1}, a tag byte,
 * then:
 * <ul>
 *   <li>{@code 1} Counter, {@code 2} Gauge: the value (double)</li>
 *   <li>{@code 3} Histogram: number of buckets (varint), each per-bucket count (varint), sum
 *       (double), count (varint)</li>
 *   <li>{@code 4} WindowRatio: largest event time (zig-zag varint ms), number of windows (varint), per
 *       window its length (varint ms), number of buckets (varint) and per bucket its index (zig-zag
 *       varint), successes and total (varints)</li>
 *   <li>{@code 5} Clock: largest event time (zig-zag varint ms)</li>
 *   <li>{@code 6} SeriesCount: the count (varint)</li>
 * </ul>
 */
public final class SeriesValueCodec {
    public static final int FORMAT_VERSION = 1;
    public static final BinaryCodec<SeriesValue> CODEC =
            new BinaryCodec<>(SeriesValueCodec::encode, SeriesValueCodec::decode);
    private static final String FORMAT = "SeriesValue";
    private static final int COUNTER = 1;
    private static final int GAUGE = 2;
    private static final int HISTOGRAM = 3;
    private static final int WINDOW_RATIO = 4;
    private static final int CLOCK = 5;
    private static final int SERIES_COUNT = 6;

    private SeriesValueCodec() {
    }

    public static byte[] encode(SeriesValue value) {
        ByteWriter out = new ByteWriter(32).writeByte(FORMAT_VERSION);
        if (value instanceof SeriesValue.Counter c) {
            out.writeByte(COUNTER).writeDouble(c.value());
        } else if (value instanceof SeriesValue.Gauge g) {
            out.writeByte(GAUGE).writeDouble(g.value());
        } else if (value instanceof Histogram h) {
            long[] counts = h.bucketCounts();
            out.writeByte(HISTOGRAM).writeVarLong(counts.length);
            for (long c : counts) {
                out.writeVarLong(c);
            }
            out.writeDouble(h.sum()).writeVarLong(h.count());
        } else if (value instanceof WindowRatio r) {
            out.writeByte(WINDOW_RATIO).writeSignedVarLong(r.maxEventTimeMs()).writeVarLong(r.windows().size());
            for (WindowRatio.Window w : r.windows()) {
                out.writeVarLong(w.lengthMs()).writeVarLong(w.buckets().size());
                for (WindowRatio.Bucket b : w.buckets()) {
                    out.writeSignedVarLong(b.index()).writeVarLong(b.successes()).writeVarLong(b.total());
                }
            }
        } else if (value instanceof SeriesValue.Clock c) {
            out.writeByte(CLOCK).writeSignedVarLong(c.maxEventTimeMs());
        } else {
            out.writeByte(SERIES_COUNT).writeVarLong(((SeriesValue.SeriesCount) value).count());
        }
        return out.toByteArray();
    }

    /** @throws CodecException on an unknown version or malformed bytes */
    public static SeriesValue decode(byte[] bytes) {
        ByteReader in = new ByteReader(bytes, FORMAT).expectVersion(FORMAT_VERSION);
        int tag = in.readByte();
        SeriesValue value;
        try {
            value = switch (tag) {
                case COUNTER -> new SeriesValue.Counter(in.readDouble());
                case GAUGE -> new SeriesValue.Gauge(in.readDouble());
                case HISTOGRAM -> readHistogram(in);
                case WINDOW_RATIO -> readWindowRatio(in);
                case CLOCK -> new SeriesValue.Clock(in.readSignedVarLong());
                case SERIES_COUNT -> new SeriesValue.SeriesCount(in.readVarLong());
                default -> throw in.bad("unknown value tag " + tag);
            };
        } catch (IllegalArgumentException e) {
            throw in.bad(e.getMessage());
        }
        in.expectEnd();
        return value;
    }

    private static Histogram readHistogram(ByteReader in) {
        int n = in.readLength();
        if (n > 4096) {
            throw in.bad("implausible bucket count " + n);
        }
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
            counts[i] = in.readVarLong();
        }
        return new Histogram(counts, in.readDouble(), in.readVarLong());
    }

    private static WindowRatio readWindowRatio(ByteReader in) {
        long max = in.readSignedVarLong();
        int windows = in.readLength();
        List<WindowRatio.Window> list = new ArrayList<>(Math.min(windows, 16));
        for (int i = 0; i < windows; i++) {
            long length = in.readVarLong();
            int buckets = in.readLength();
            List<WindowRatio.Bucket> bs = new ArrayList<>(Math.min(buckets, 16));
            for (int j = 0; j < buckets; j++) {
                bs.add(new WindowRatio.Bucket(in.readSignedVarLong(), in.readVarLong(), in.readVarLong()));
            }
            list.add(new WindowRatio.Window(length, bs));
        }
        return new WindowRatio(max, list);
    }
}
