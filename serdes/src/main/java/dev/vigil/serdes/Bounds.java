package dev.vigil.serdes;

/**
 * The largest value each numeric data field may carry (docs: events, "Data fields"). Far beyond
 * anything real, and small enough that no sum Vigil keeps can overflow to infinity: a counter of
 * {@code cost_usd} at its bound would need about 10^302 events to reach {@code Double.MAX_VALUE}.
 * A value above its bound is {@code invalid_data}, like any other out-of-range field. The JSON
 * Schemas under {@code schemas/} carry the same numbers as {@code maximum}.
 */
public final class Bounds {
    /** {@code cost_usd}: a million dollars for one call. */
    public static final double COST_USD = 1_000_000;
    /** {@code input_tokens}, {@code output_tokens}: a billion tokens for one call. */
    public static final long TOKENS = 1_000_000_000L;
    /** {@code latency_ms}, {@code duration_ms}: 31 days. */
    public static final double DURATION_MS = 2_678_400_000d;
    /** {@code ttl_ms}: 365 days. */
    public static final long TTL_MS = 31_536_000_000L;
    /** {@code capacity}, {@code healthy}: a billion resources in one pool. */
    public static final long POOL_SIZE = 1_000_000_000L;
    /** {@code attempt}: a million retries of one step. */
    public static final long ATTEMPT = 1_000_000L;

    private Bounds() {
    }
}
