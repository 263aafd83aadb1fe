package dev.vigil.alerting;

import dev.vigil.aggregates.codec.BinaryCodec;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.serdes.binary.CodecException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of an {@link AlertInstance} in the alert state store. Version 2: byte {@code 2}, then
 * <ol>
 *   <li>rule name, fingerprint (strings: varint UTF-8 length, bytes); rule shape (8 bytes big-endian);</li>
 *   <li>group labels: count (varint), then name, value per label, sorted by name;</li>
 *   <li>state (byte: 0 inactive, 1 pending, 2 firing); sequence (varint);</li>
 *   <li>pending since, started at, clearing since, last change, last judged, last seen (zig-zag
 *       varints, {@link AlertInstance#NONE} when unset);</li>
 *   <li>a flags byte (1: value, 2: samples, 4: window present), then those present: value (8-byte
 *       IEEE double), samples (varint), window (string); threshold (double);</li>
 *   <li>severity (string); labels and annotations (count, then name, value each);</li>
 *   <li>increase buckets: count, then index (zig-zag varint) and sum (double) each; burn-rate buckets:
 *       count, then index (zig-zag varint), errors and total (varints) each;</li>
 *   <li>the trigger: a byte (0 none, 1 source and id, 2 source, id and traceparent), then those strings.</li>
 * </ol>
 * Version 1 (before the trigger was kept) is the same without the last item; it decodes with no trigger.
 * Decoding fails with a {@link CodecException} on another version, truncated or trailing bytes.
 */
public final class AlertInstanceCodec {
    public static final int FORMAT_VERSION = 2;
    /** The version before the trigger was stored; still read. */
    private static final int FORMAT_VERSION_1 = 1;
    /** The codec as a value, for the topology's serde adapter. */
    public static final BinaryCodec<AlertInstance> CODEC =
            new BinaryCodec<>(AlertInstanceCodec::encode, AlertInstanceCodec::decode);

    private static final String FORMAT = "AlertInstance";
    private static final int HAS_VALUE = 1;
    private static final int HAS_SAMPLES = 2;
    private static final int HAS_WINDOW = 4;

    private AlertInstanceCodec() {
    }

    public static byte[] encode(AlertInstance i) {
        Writer w = new Writer();
        w.out.write(FORMAT_VERSION);
        w.string(i.rule());
        w.string(i.fingerprint());
        w.fixedLong(i.ruleShape());
        w.map(i.groupLabels());
        w.out.write(i.state().ordinal());
        w.varLong(i.sequence());
        w.signed(i.pendingSinceMs());
        w.signed(i.startedAtMs());
        w.signed(i.clearingSinceMs());
        w.signed(i.lastChangeMs());
        w.signed(i.lastEvalMs());
        w.signed(i.lastSeenMs());
        int flags = (i.value() != null ? HAS_VALUE : 0) | (i.samples() != null ? HAS_SAMPLES : 0)
                | (i.window() != null ? HAS_WINDOW : 0);
        w.out.write(flags);
        if (i.value() != null) {
            w.fixedLong(Double.doubleToLongBits(i.value()));
        }
        if (i.samples() != null) {
            w.varLong(i.samples());
        }
        if (i.window() != null) {
            w.string(i.window());
        }
        w.fixedLong(Double.doubleToLongBits(i.threshold()));
        w.string(i.severity());
        w.map(i.labels());
        w.map(i.annotations());
        w.varLong(i.deltas().size());
        for (AlertInstance.DeltaBucket b : i.deltas()) {
            w.signed(b.index());
            w.fixedLong(Double.doubleToLongBits(b.sum()));
        }
        w.varLong(i.counts().size());
        for (AlertInstance.CountBucket b : i.counts()) {
            w.signed(b.index());
            w.varLong(b.errors());
            w.varLong(b.total());
        }
        EventRef trigger = i.trigger();
        if (trigger == null) {
            w.out.write(0);
        } else {
            w.out.write(trigger.traceparent() == null ? 1 : 2);
            w.string(trigger.source());
            w.string(trigger.id());
            if (trigger.traceparent() != null) {
                w.string(trigger.traceparent());
            }
        }
        return w.out.toByteArray();
    }

    /** @throws CodecException when the bytes are not a version-1 or version-2 instance */
    public static AlertInstance decode(byte[] bytes) {
        Reader r = new Reader(bytes);
        int version = r.unsignedByte();
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            throw new CodecException(FORMAT + ": unknown format version " + version + " (this build reads "
                    + FORMAT_VERSION_1 + " and " + FORMAT_VERSION + ")");
        }
        try {
            String rule = r.string();
            String fingerprint = r.string();
            long shape = r.fixedLong();
            Map<String, String> group = r.map();
            AlertInstance i = new AlertInstance(rule, fingerprint, group, shape);
            int state = r.unsignedByte();
            if (state >= AlertInstance.State.values().length) {
                throw r.bad("unknown state " + state);
            }
            i.state(AlertInstance.State.values()[state]);
            i.sequence(r.varLong());
            i.pendingSinceMs(r.signed());
            i.startedAtMs(r.signed());
            i.clearingSinceMs(r.signed());
            i.lastChangeMs(r.signed());
            i.lastEvalMs(r.signed());
            i.lastSeenMs(r.signed());
            int flags = r.unsignedByte();
            if ((flags & ~(HAS_VALUE | HAS_SAMPLES | HAS_WINDOW)) != 0) {
                throw r.bad("unknown flags " + flags);
            }
            Double value = (flags & HAS_VALUE) != 0 ? Double.longBitsToDouble(r.fixedLong()) : null;
            Long samples = (flags & HAS_SAMPLES) != 0 ? r.varLong() : null;
            String window = (flags & HAS_WINDOW) != 0 ? r.string() : null;
            i.judged(value, samples, window, Double.longBitsToDouble(r.fixedLong()));
            i.severity(r.string());
            i.labels(r.map());
            i.annotations(r.map());
            int nd = r.count();
            List<AlertInstance.DeltaBucket> deltas = new ArrayList<>(nd);
            for (int k = 0; k < nd; k++) {
                deltas.add(new AlertInstance.DeltaBucket(r.signed(), Double.longBitsToDouble(r.fixedLong())));
            }
            i.deltas(deltas);
            int nc = r.count();
            List<AlertInstance.CountBucket> counts = new ArrayList<>(nc);
            for (int k = 0; k < nc; k++) {
                counts.add(new AlertInstance.CountBucket(r.signed(), r.varLong(), r.varLong()));
            }
            i.counts(counts);
            if (version >= FORMAT_VERSION) {
                int trigger = r.unsignedByte();
                if (trigger > 2) {
                    throw r.bad("unknown trigger flag " + trigger);
                }
                if (trigger > 0) {
                    i.trigger(new EventRef(r.string(), r.string(), trigger == 2 ? r.string() : null));
                }
            }
            if (r.pos != bytes.length) {
                throw new CodecException(FORMAT + ": " + (bytes.length - r.pos) + " trailing bytes");
            }
            return i;
        } catch (IllegalArgumentException e) {
            throw new CodecException(FORMAT + ": " + e.getMessage(), e);
        }
    }

    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

        void varLong(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void signed(long value) {
            varLong((value << 1) ^ (value >> 63));
        }

        void fixedLong(long v) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (v >>> shift) & 0xFF);
            }
        }

        void string(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            varLong(utf8.length);
            out.write(utf8, 0, utf8.length);
        }

        void map(Map<String, String> m) {
            varLong(m.size());
            for (Map.Entry<String, String> e : new TreeMap<>(m).entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
        }
    }

    private static final class Reader {
        final byte[] buf;
        int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int unsignedByte() {
            if (pos >= buf.length) {
                throw new CodecException(FORMAT + ": truncated at " + pos);
            }
            return buf[pos++] & 0xFF;
        }

        long varLong() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = unsignedByte();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw bad("varint too long");
        }

        long signed() {
            long v = varLong();
            return (v >>> 1) ^ -(v & 1);
        }

        long fixedLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | unsignedByte();
            }
            return v;
        }

        int count() {
            long n = varLong();
            if (n < 0 || n > buf.length - pos) {
                throw bad("bad count " + n);
            }
            return (int) n;
        }

        String string() {
            int n = count();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        Map<String, String> map() {
            int n = count();
            Map<String, String> m = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                m.put(string(), string());
            }
            return m;
        }

        CodecException bad(String what) {
            return new CodecException(FORMAT + ": " + what + " at " + pos);
        }
    }
}
