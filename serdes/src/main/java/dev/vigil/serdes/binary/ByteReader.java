package dev.vigil.serdes.binary;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteWriter} wrote, failing with a {@link CodecException} that names the format
 * on truncated or malformed input instead of returning garbage.
 */
public final class ByteReader {
    private final byte[] buf;
    private final String format;
    private int pos;

    public ByteReader(byte[] buf, String format) {
        this.buf = buf;
        this.format = format;
    }

    /**
     * Reads the leading format-version byte.
     *
     * @throws CodecException when it is not {@code expected}
     */
    public ByteReader expectVersion(int expected) {
        if (buf.length == 0) {
            throw new CodecException(format + ": empty bytes, expected format version " + expected);
        }
        int version = readByte();
        if (version != expected) {
            throw new CodecException(format + ": unknown format version " + version + " (this build reads "
                    + expected + ")");
        }
        return this;
    }

    /**
     * Reads the leading format-version byte, accepting any version from {@code oldest} to
     * {@code newest} (older formats stay readable after an upgrade).
     *
     * @return the version read
     */
    public int readVersion(int oldest, int newest) {
        if (buf.length == 0) {
            throw new CodecException(format + ": empty bytes, expected format version " + newest);
        }
        int version = readByte();
        if (version < oldest || version > newest) {
            throw new CodecException(format + ": unknown format version " + version + " (this build reads "
                    + oldest + " to " + newest + ")");
        }
        return version;
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public boolean readBoolean() {
        int b = readByte();
        if (b > 1) {
            throw new CodecException(format + ": bad boolean " + b + " at " + (pos - 1));
        }
        return b == 1;
    }

    public long readVarLong() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CodecException(format + ": varint too long at " + pos);
    }

    /** A varint that must fit a non-negative int (a length or count). */
    public int readLength() {
        long v = readVarLong();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new CodecException(format + ": bad length " + v + " at " + pos);
        }
        return (int) v;
    }

    public long readSignedVarLong() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    public double readDouble() {
        need(8);
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (buf[pos++] & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    public String readString() {
        return utf8(readLength());
    }

    public String readNullableString() {
        long n = readVarLong();
        if (n == 0) {
            return null;
        }
        if (n < 0 || n - 1 > Integer.MAX_VALUE) {
            throw new CodecException(format + ": bad length " + n + " at " + pos);
        }
        return utf8((int) (n - 1));
    }

    /** @throws CodecException when bytes are left over */
    public void expectEnd() {
        if (pos != buf.length) {
            throw new CodecException(format + ": " + (buf.length - pos) + " trailing bytes");
        }
    }

    public CodecException bad(String what) {
        return new CodecException(format + ": " + what + " at " + pos);
    }

    private String utf8(int length) {
        need(length);
        String s = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return s;
    }

    private void need(int n) {
        if (n > buf.length - pos) {
            throw new CodecException(format + ": truncated at " + pos + " (needs " + n + " more bytes)");
        }
    }
}
