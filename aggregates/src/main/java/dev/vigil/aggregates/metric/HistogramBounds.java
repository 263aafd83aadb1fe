package dev.vigil.aggregates.metric;

import java.util.Arrays;
import java.util.List;

/**
 * The finite upper bounds of a histogram's buckets ({@code le}), strictly increasing. Kept as a
 * primitive array behind an immutable facade: locating a bucket is on the hot path of every
 * observation.
 */
public final class HistogramBounds {
    private final double[] upper;

    private HistogramBounds(double[] upper) {
        this.upper = upper;
    }

    /**
     * @throws IllegalArgumentException when a bound is not finite or the bounds are not strictly
     *                                  increasing
     */
    public static HistogramBounds of(List<Double> bounds) {
        double[] upper = new double[bounds.size()];
        for (int i = 0; i < upper.length; i++) {
            double b = bounds.get(i);
            if (!Double.isFinite(b)) {
                throw new IllegalArgumentException("bucket bound " + b + " is not finite");
            }
            if (i > 0 && b <= upper[i - 1]) {
                throw new IllegalArgumentException("bucket bounds must be strictly increasing: " + bounds);
            }
            upper[i] = b;
        }
        return new HistogramBounds(upper);
    }

    public static HistogramBounds of(double... bounds) {
        return of(Arrays.stream(bounds).boxed().toList());
    }

    /** The number of finite buckets (the {@code +Inf} bucket is not counted). */
    public int size() {
        return upper.length;
    }

    public double upperBound(int index) {
        return upper[index];
    }

    public List<Double> asList() {
        return Arrays.stream(upper).boxed().toList();
    }

    /**
     * The index of the first bucket whose upper bound is ≥ {@code value} (a value exactly on a bound
     * belongs to that bucket, as Prometheus {@code le}), or {@link #size()} when the value is above
     * every bound (it is then only in {@code +Inf}).
     */
    public int bucketOf(double value) {
        int i = Arrays.binarySearch(upper, value);
        return i >= 0 ? i : -i - 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistogramBounds other && Arrays.equals(upper, other.upper);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return Arrays.toString(upper);
    }
}
