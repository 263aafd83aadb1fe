package dev.vigil.aggregates.series;

import dev.vigil.aggregates.metric.HistogramBounds;

import java.util.Arrays;

/**
 * A fixed-bucket histogram. {@code bucketCounts[i]} counts the observations that fall in bucket
 * {@code i} only (upper bound {@code bounds[i]}, above {@code bounds[i-1]}): per-bucket counts, so
 * an observation touches one cell. Observations above the last bound are only in {@code count} (the
 * {@code +Inf} bucket). {@link #cumulativeCounts()} gives Prometheus {@code le} semantics.
 *
 * <p>The bounds are not stored: they are fixed by configuration ({@code aggregates.buckets}) and
 * passed in; only their number is checked, since a change of bounds cannot re-bin past counts.
 *
 * @param bucketCounts per-bucket counts, one per finite bound (copied; never exposed mutably)
 * @param sum          the sum of all observed values
 * @param count        the number of observations, ≥ the sum of {@code bucketCounts}
 */
public record Histogram(long[] bucketCounts, double sum, long count) implements SeriesValue {

    public Histogram {
        bucketCounts = bucketCounts.clone();
        long inBuckets = 0;
        for (long c : bucketCounts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative bucket count in " + Arrays.toString(bucketCounts));
            }
            inBuckets += c;
        }
        if (count < inBuckets) {
            throw new IllegalArgumentException("count " + count + " is below the bucket total " + inBuckets);
        }
    }

    /** An empty histogram with {@code buckets} finite buckets. */
    public static Histogram empty(int buckets) {
        return new Histogram(new long[buckets], 0.0, 0);
    }

    @Override
    public long[] bucketCounts() {
        return bucketCounts.clone();
    }

    /** The number of finite buckets. */
    public int size() {
        return bucketCounts.length;
    }

    /**
     * This histogram with {@code value} observed: one more in the first bucket whose bound is ≥ the
     * value (or only in {@code +Inf}), {@code sum} + value, {@code count} + 1.
     *
     * @throws IllegalStateException when the histogram was built for a different number of bounds
     */
    public Histogram observe(HistogramBounds bounds, double value) {
        requireSize(bounds.size());
        long[] next = bucketCounts.clone();
        int i = bounds.bucketOf(value);
        if (i < next.length) {
            next[i]++;
        }
        return new Histogram(next, sum + value, count + 1);
    }

    /**
     * Cumulative counts, one per finite bound: entry {@code i} is the number of observations ≤
     * {@code bounds[i]} (the {@code le} bucket). The {@code +Inf} bucket is {@link #count()}.
     */
    public long[] cumulativeCounts() {
        long[] cumulative = new long[bucketCounts.length];
        long running = 0;
        for (int i = 0; i < bucketCounts.length; i++) {
            running += bucketCounts[i];
            cumulative[i] = running;
        }
        return cumulative;
    }

    /** The sum of two histograms with the same bounds, e.g. the same series from several instances. */
    public Histogram merge(Histogram other) {
        requireSize(other.bucketCounts.length);
        long[] merged = new long[bucketCounts.length];
        for (int i = 0; i < merged.length; i++) {
            merged[i] = bucketCounts[i] + other.bucketCounts[i];
        }
        return new Histogram(merged, sum + other.sum, count + other.count);
    }

    private void requireSize(int buckets) {
        if (buckets != bucketCounts.length) {
            throw new IllegalStateException("histogram has " + bucketCounts.length + " buckets but the bounds have "
                    + buckets + ": bucket bounds cannot change under existing state");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram other && Arrays.equals(bucketCounts, other.bucketCounts)
                && Double.compare(sum, other.sum) == 0 && count == other.count;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(bucketCounts) + Double.hashCode(sum)) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "Histogram[bucketCounts=" + Arrays.toString(bucketCounts) + ", sum=" + sum + ", count=" + count + "]";
    }
}
