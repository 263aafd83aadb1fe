package dev.vigil.bench;

import java.util.Arrays;

/** Order statistics of a sample of latencies (nearest-rank percentiles). */
record Stats(int count, double p50, double p90, double p99, double max, double mean) {

    /** @param values the sample, in any unit; not modified */
    static Stats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (double v : sorted) {
            sum += v;
        }
        return new Stats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                sorted[sorted.length - 1], sum / sorted.length);
    }

    /** Nearest rank: the smallest value with at least {@code q} of the sample at or below it. */
    static double rank(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
