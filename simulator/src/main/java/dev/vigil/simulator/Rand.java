package dev.vigil.simulator;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The generator's single source of randomness: a seeded {@link SplittableRandom} and helpers built only on its
 * integer and double streams and {@link StrictMath}, so a seed gives the same records on every JVM.
 */
final class Rand {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final SplittableRandom r;

    Rand(long seed) {
        this.r = new SplittableRandom(seed);
    }

    double nextDouble() {
        return r.nextDouble();
    }

    /** True with probability {@code p}; always draws one number. */
    boolean chance(double p) {
        return r.nextDouble() < p;
    }

    int nextInt(int bound) {
        return r.nextInt(bound);
    }

    /** Uniform in [lo, hi], both inclusive. */
    long between(long lo, long hi) {
        return lo + r.nextLong(hi - lo + 1);
    }

    int between(int lo, int hi) {
        return lo + r.nextInt(hi - lo + 1);
    }

    @SafeVarargs
    final <T> T pick(T... items) {
        return items[r.nextInt(items.length)];
    }

    <T> T pick(List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    /** An index drawn with the given (not necessarily normalised) weights. */
    int weighted(double... weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double x = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** {@code n} lowercase hex digits. */
    String hex(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(HEX[r.nextInt(16)]);
        }
        return sb.toString();
    }

    /** A random (version 4 shaped) UUID string. */
    String uuid() {
        String h = hex(32);
        char variant = HEX[8 + r.nextInt(4)];
        return h.substring(0, 8) + '-' + h.substring(8, 12) + "-4" + h.substring(13, 16) + '-' + variant
                + h.substring(17, 20) + '-' + h.substring(20, 32);
    }

    /** Exponentially distributed with the given mean. */
    double exponential(double mean) {
        return -mean * StrictMath.log(1.0 - r.nextDouble());
    }

    /** Standard normal (Box-Muller on two uniforms). */
    double gaussian() {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /** Log-normal with the given median and log-scale spread. */
    double logNormal(double median, double sigma) {
        return median * StrictMath.exp(sigma * gaussian());
    }

    byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
