package dev.vigil.app.telemetry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines dropped instead of sent to Loki, since the process started: what
 * {@code vigil_log_dropped_total} shows. Process-wide like the logging system itself, so the
 * counter never goes back when logging is reconfigured.
 */
public final class LogDrops {
    private static final AtomicLong PROCESS = new AtomicLong();
    private static final AtomicLong FAILED_PUSHES = new AtomicLong();

    private LogDrops() {
    }

    /** The process-wide counter that Loki appenders add to. */
    static AtomicLong counter() {
        return PROCESS;
    }

    public static long total() {
        return PROCESS.get();
    }

    /** The process-wide count of failed pushes (each try) that Loki appenders add to. */
    static AtomicLong failedPushCounter() {
        return FAILED_PUSHES;
    }

    /** Pushes to Loki that failed, each try: {@code vigil_log_push_failures_total}. */
    public static long failedPushes() {
        return FAILED_PUSHES.get();
    }
}
