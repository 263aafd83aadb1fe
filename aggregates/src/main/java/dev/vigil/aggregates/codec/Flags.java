package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

/** Bit flags of a state's leading flags byte. */
final class Flags {
    private Flags() {
    }

    static int of(boolean... bits) {
        int flags = 0;
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                flags |= 1 << i;
            }
        }
        return flags;
    }

    static boolean has(int flags, int bit) {
        return (flags & (1 << bit)) != 0;
    }

    /** @throws CodecException when a bit at or above {@code used} is set */
    static void requireOnly(int flags, int used, ByteReader in) {
        if ((flags >>> used) != 0) {
            throw in.bad("unknown flags " + Integer.toBinaryString(flags));
        }
    }
}
