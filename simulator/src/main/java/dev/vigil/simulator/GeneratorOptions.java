package dev.vigil.simulator;

import java.time.Instant;
import java.util.Objects;

/**
 * Knobs of {@link EventGenerator}. Start from {@link #defaults()} and change what you need with the withers.
 * Shares are probabilities in [0, 1].
 *
 * @param start                 the simulated clock's start (default 2026-01-01T00:00:00Z, so runs are reproducible)
 * @param duplicateShare        share of records that are exact re-sends of an earlier valid record (default 0.03)
 * @param invalidShare          share of records that are bad, of every dead-letter reason but {@code too_large} (default 0.02)
 * @param includeTooLarge       whether to emit {@code too_large} records (values above {@code maxEventBytes})
 * @param tooLargeShare         share of records that are {@code too_large} when included (default 1/5000)
 * @param maxEventBytes         Vigil's {@code topics.max_event_bytes} (default 1,048,576; at least 65,536)
 * @param binaryShare           share of valid events in binary content mode (default 0.5)
 * @param headerlessShare       share of valid events in structured mode with no headers at all (default 0.03);
 *                              the rest are structured with a content-type header
 * @param missingTimeShare      share of events without a {@code time} attribute (default 0.02)
 * @param traceShare            share of tasks whose events carry a W3C {@code traceparent} (default 0.4)
 * @param outOfOrderShare       chance, per task and step, of an out-of-order publication (default 0.02); per lease,
 *                              1.5 times it (released before acquired);
 *                              per call, half of it within grace and half 6–10 minutes late (beyond grace); per
 *                              pool report, four times it (overtaken by the next report)
 * @param concurrentTasks       about how many tasks are in flight at once (default 40)
 * @param reusedIdInvalidShare  share of invalid records that reuse the (source, id) of an accepted event, which
 *                              the contract says is still invalid, not a duplicate (default 0)
 */
public record GeneratorOptions(Instant start, double duplicateShare, double invalidShare, boolean includeTooLarge,
                               double tooLargeShare, long maxEventBytes, double binaryShare, double headerlessShare,
                               double missingTimeShare, double traceShare, double outOfOrderShare,
                               int concurrentTasks, double reusedIdInvalidShare) {

    /** The default start of the simulated clock. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");
    /** The contract's default {@code topics.max_event_bytes}. */
    public static final long DEFAULT_MAX_EVENT_BYTES = 1_048_576L;
    /** Valid events stay far below this; {@code maxEventBytes} may not be smaller. */
    public static final long MIN_MAX_EVENT_BYTES = 65_536L;

    public GeneratorOptions {
        Objects.requireNonNull(start, "start");
        share("duplicateShare", duplicateShare);
        share("invalidShare", invalidShare);
        share("tooLargeShare", tooLargeShare);
        share("binaryShare", binaryShare);
        share("headerlessShare", headerlessShare);
        share("missingTimeShare", missingTimeShare);
        share("traceShare", traceShare);
        share("outOfOrderShare", outOfOrderShare);
        share("reusedIdInvalidShare", reusedIdInvalidShare);
        if (duplicateShare + invalidShare + (includeTooLarge ? tooLargeShare : 0) > 0.9) {
            throw new IllegalArgumentException("duplicate, invalid and too-large shares leave too few events");
        }
        if (binaryShare + headerlessShare > 1.0) {
            throw new IllegalArgumentException("binaryShare + headerlessShare must not exceed 1");
        }
        if (maxEventBytes < MIN_MAX_EVENT_BYTES || maxEventBytes > Integer.MAX_VALUE - 65_536) {
            throw new IllegalArgumentException("maxEventBytes must be in [" + MIN_MAX_EVENT_BYTES + ", 2^31 - 65536]");
        }
        if (concurrentTasks < 1 || concurrentTasks > 100_000) {
            throw new IllegalArgumentException("concurrentTasks must be in [1, 100000]");
        }
    }

    private static void share(String name, double v) {
        if (!(v >= 0.0 && v <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], not " + v);
        }
    }

    /** The defaults: fixed start, 3 % duplicates, 2 % invalid, no too-large records, half binary. */
    public static GeneratorOptions defaults() {
        return new GeneratorOptions(DEFAULT_START, 0.03, 0.02, false, 1.0 / 5000, DEFAULT_MAX_EVENT_BYTES, 0.5, 0.03,
                0.02, 0.4, 0.02, 40, 0.0);
    }

    public GeneratorOptions withStart(Instant v) {
        return new GeneratorOptions(v, duplicateShare, invalidShare, includeTooLarge, tooLargeShare, maxEventBytes,
                binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withDuplicateShare(double v) {
        return new GeneratorOptions(start, v, invalidShare, includeTooLarge, tooLargeShare, maxEventBytes,
                binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withInvalidShare(double v) {
        return new GeneratorOptions(start, duplicateShare, v, includeTooLarge, tooLargeShare, maxEventBytes,
                binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withIncludeTooLarge(boolean v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, v, tooLargeShare, maxEventBytes,
                binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withTooLargeShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, v, maxEventBytes,
                binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withMaxEventBytes(long v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare, v,
                binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withBinaryShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, v, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withHeaderlessShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, binaryShare, v, missingTimeShare, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withMissingTimeShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, binaryShare, headerlessShare, v, traceShare, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withTraceShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, binaryShare, headerlessShare, missingTimeShare, v, outOfOrderShare, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withOutOfOrderShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, binaryShare, headerlessShare, missingTimeShare, traceShare, v, concurrentTasks,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withConcurrentTasks(int v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare, v,
                reusedIdInvalidShare);
    }

    public GeneratorOptions withReusedIdInvalidShare(double v) {
        return new GeneratorOptions(start, duplicateShare, invalidShare, includeTooLarge, tooLargeShare,
                maxEventBytes, binaryShare, headerlessShare, missingTimeShare, traceShare, outOfOrderShare,
                concurrentTasks, v);
    }
}
