package dev.vigil.topology;

/**
 * Keys of a time-ordered index: {@code <16 hex digits of the time><id>}. Fixed-width hex makes the
 * store's byte order the time order (times ≥ 0), so due entries are one range scan away.
 */
public final class ExpiryIndex {
    private static final int WIDTH = 16;

    private ExpiryIndex() {
    }

    public static String key(long timeMs, String id) {
        return prefix(Math.max(0, timeMs)) + id;
    }

    /**
     * An inclusive range bound that every key of a time ≤ {@code timeMs} sorts before, and every
     * key of a later time after (ids are never empty, so no key equals it).
     */
    public static String bound(long timeMs) {
        return prefix(Math.max(0, timeMs) + 1);
    }

    /** An inclusive range bound that sorts before every key of a time ≥ {@code timeMs} and after every earlier one. */
    public static String from(long timeMs) {
        return prefix(Math.max(0, timeMs));
    }

    public static long time(String key) {
        return Long.parseUnsignedLong(key.substring(0, WIDTH), 16);
    }

    public static String id(String key) {
        return key.substring(WIDTH);
    }

    private static String prefix(long timeMs) {
        String hex = Long.toHexString(timeMs);
        return "0".repeat(WIDTH - hex.length()) + hex;
    }
}
