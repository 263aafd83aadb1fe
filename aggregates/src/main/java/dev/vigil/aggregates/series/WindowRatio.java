package dev.vigil.aggregates.series;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One series of a windowed success ratio, for every configured window length at once.
 *
 * <p>For a window of length W, observations are counted in buckets of width W/5 aligned to the Unix
 * epoch (bucket {@code floor(t / (W/5))}). The ratio at clock c is successes / observations over
 * the five buckets {@code floor(c/(W/5)) − 4 … floor(c/(W/5))}, absent when they hold none
 * (docs/aggregates.md, "Windowed ratios"). The clock is the metric's ({@link SeriesValue.Clock}),
 * kept apart since it is shared by all label sets.
 *
 * <p>Pruning: the clock never goes back, and it is at least this series' own largest observation
 * time {@link #maxEventTimeMs()}. So a bucket older than the five ending at the bucket of
 * {@code maxEventTimeMs} can never be rendered again and is dropped on every observation (an
 * observation that would land there is dropped too); {@link #prune(long)} drops more given the
 * metric's clock. A series thus holds at most five buckets per window.
 *
 * @param maxEventTimeMs the largest event time observed by this series
 * @param windows        one entry per window length, in configuration order
 */
public record WindowRatio(long maxEventTimeMs, List<Window> windows) implements SeriesValue {

    /** Buckets per window: the window's resolution is a fifth of its length. */
    public static final int BUCKETS_PER_WINDOW = 5;

    /** Observations of one bucket. */
    public record Bucket(long index, long successes, long total) {
        public Bucket {
            if (total <= 0 || successes < 0 || successes > total) {
                throw new IllegalArgumentException("bad bucket " + index + ": " + successes + "/" + total);
            }
        }
    }

    /** The buckets of one window length, in increasing index order. */
    public record Window(long lengthMs, List<Bucket> buckets) {
        public Window {
            if (lengthMs <= 0) {
                throw new IllegalArgumentException("window length must be positive: " + lengthMs);
            }
            buckets = List.copyOf(buckets);
            for (int i = 1; i < buckets.size(); i++) {
                if (buckets.get(i).index() <= buckets.get(i - 1).index()) {
                    throw new IllegalArgumentException("buckets out of order: " + buckets);
                }
            }
        }
    }

    /** Successes and observations of a series over one window. */
    public record Counts(long successes, long total) {
        /** successes / total, absent when there is no observation. */
        public OptionalDouble ratio() {
            return total == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) successes / total);
        }
    }

    public WindowRatio {
        windows = List.copyOf(windows);
        for (int i = 0; i < windows.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (windows.get(i).lengthMs() == windows.get(j).lengthMs()) {
                    throw new IllegalArgumentException("window length " + windows.get(i).lengthMs() + " twice");
                }
            }
        }
    }

    /** A series with no observation yet. */
    public static WindowRatio empty() {
        return new WindowRatio(Long.MIN_VALUE, List.of());
    }

    /**
     * The bucket width of a window: a fifth of its length, in whole milliseconds (at least 1 ms; a
     * length that is not a multiple of 5 ms is rounded down).
     */
    public static long bucketWidthMs(long windowLengthMs) {
        return Math.max(1, windowLengthMs / BUCKETS_PER_WINDOW);
    }

    /** The index of the bucket holding event time {@code timeMs} in a window of the given length. */
    public static long bucketIndex(long windowLengthMs, long timeMs) {
        return Math.floorDiv(timeMs, bucketWidthMs(windowLengthMs));
    }

    /**
     * This series with one observation at {@code eventTimeMs} added in every window of
     * {@code windowLengthsMs}. Windows no longer configured are dropped; new ones start empty.
     */
    public WindowRatio observe(List<Long> windowLengthsMs, long eventTimeMs, boolean success) {
        long max = Math.max(maxEventTimeMs, eventTimeMs);
        List<Window> next = new ArrayList<>(windowLengthsMs.size());
        for (long length : windowLengthsMs) {
            long oldest = oldestRenderable(length, max);
            long index = bucketIndex(length, eventTimeMs);
            List<Bucket> buckets = new ArrayList<>(BUCKETS_PER_WINDOW + 1);
            boolean placed = index < oldest;
            for (Bucket b : bucketsOf(length)) {
                if (b.index() < oldest) {
                    continue;
                }
                if (!placed && b.index() == index) {
                    buckets.add(new Bucket(index, b.successes() + (success ? 1 : 0), b.total() + 1));
                    placed = true;
                    continue;
                }
                if (!placed && b.index() > index) {
                    buckets.add(new Bucket(index, success ? 1 : 0, 1));
                    placed = true;
                }
                buckets.add(b);
            }
            if (!placed) {
                buckets.add(new Bucket(index, success ? 1 : 0, 1));
            }
            next.add(new Window(length, buckets));
        }
        return new WindowRatio(max, next);
    }

    /** This series without the buckets that can no longer be rendered once the metric's clock is {@code clockMs}. */
    public WindowRatio prune(long clockMs) {
        List<Window> next = new ArrayList<>(windows.size());
        boolean changed = false;
        for (Window w : windows) {
            long oldest = oldestRenderable(w.lengthMs(), clockMs);
            List<Bucket> kept = w.buckets().stream().filter(b -> b.index() >= oldest).toList();
            changed |= kept.size() != w.buckets().size();
            next.add(kept.size() == w.buckets().size() ? w : new Window(w.lengthMs(), kept));
        }
        return changed ? new WindowRatio(maxEventTimeMs, next) : this;
    }

    /** Successes and observations in the five buckets of the window ending with the clock's bucket. */
    public Counts counts(long windowLengthMs, long clockMs) {
        long last = bucketIndex(windowLengthMs, clockMs);
        long first = oldestRenderable(windowLengthMs, clockMs);
        long successes = 0;
        long total = 0;
        for (Bucket b : bucketsOf(windowLengthMs)) {
            if (b.index() >= first && b.index() <= last) {
                successes += b.successes();
                total += b.total();
            }
        }
        return new Counts(successes, total);
    }

    /** successes / observations in the window ending at the clock; absent when the window holds none. */
    public OptionalDouble ratio(long windowLengthMs, long clockMs) {
        return counts(windowLengthMs, clockMs).ratio();
    }

    private List<Bucket> bucketsOf(long lengthMs) {
        for (Window w : windows) {
            if (w.lengthMs() == lengthMs) {
                return w.buckets();
            }
        }
        return List.of();
    }

    /** The first of the five buckets ending with the clock's (saturating at the smallest index). */
    private static long oldestRenderable(long windowLengthMs, long clockMs) {
        long last = bucketIndex(windowLengthMs, clockMs);
        return last < Long.MIN_VALUE + (BUCKETS_PER_WINDOW - 1) ? Long.MIN_VALUE : last - (BUCKETS_PER_WINDOW - 1);
    }
}
