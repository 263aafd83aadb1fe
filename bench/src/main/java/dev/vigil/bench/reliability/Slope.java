package dev.vigil.bench.reliability;

import java.util.List;

/**
 * A least-squares line through samples (time, value): its slope per unit of time, the slope's
 * standard error and the mean value, so that a soak can say whether something grows and by how
 * much relative to its level.
 *
 * @param slope      value units per time unit
 * @param stderr     standard error of the slope (NaN with fewer than three samples)
 * @param mean       mean of the values
 * @param samples    how many samples the fit used
 */
record Slope(double slope, double stderr, double mean, int samples) {

    /** One sample. */
    record Point(double t, double value) {
    }

    /**
     * The ordinary least-squares fit.
     *
     * @throws IllegalArgumentException with fewer than two samples or all at the same time
     */
    static Slope fit(List<Point> points) {
        int n = points.size();
        if (n < 2) {
            throw new IllegalArgumentException("a slope needs at least two samples, got " + n);
        }
        double mt = 0;
        double mv = 0;
        for (Point p : points) {
            mt += p.t();
            mv += p.value();
        }
        mt /= n;
        mv /= n;
        double stt = 0;
        double stv = 0;
        for (Point p : points) {
            stt += (p.t() - mt) * (p.t() - mt);
            stv += (p.t() - mt) * (p.value() - mv);
        }
        if (stt == 0) {
            throw new IllegalArgumentException("every sample is at the same time");
        }
        double slope = stv / stt;
        double stderr = Double.NaN;
        if (n > 2) {
            double ss = 0;
            for (Point p : points) {
                double r = p.value() - (mv + slope * (p.t() - mt));
                ss += r * r;
            }
            stderr = Math.sqrt(ss / (n - 2) / stt);
        }
        return new Slope(slope, stderr, mv, n);
    }
}
