package dev.vigil.aggregates.entity;

/** Duration arithmetic shared by the state machines: observed values are in seconds, never below 0. */
final class Durations {
    private Durations() {
    }

    /** A reported duration in (fractional) milliseconds, as seconds. */
    static double reportedSeconds(double durationMs) {
        return durationMs / 1000.0;
    }

    /** {@code (end − start) / 1000}, not below 0. */
    static double elapsedSeconds(long startMs, long endMs) {
        return Math.max(0L, endMs - startMs) / 1000.0;
    }
}
