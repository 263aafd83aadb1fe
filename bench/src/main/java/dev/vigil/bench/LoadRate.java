package dev.vigil.bench;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The background load of a phase measured under load (alert, scrape): the requested rate, unless
 * that is more than a fraction of the drain rate measured earlier in the same run (exactly_once_v2,
 * else at_least_once). A load Vigil cannot keep up with would measure a growing backlog, not Vigil.
 */
final class LoadRate {
    private LoadRate() {
    }

    /**
     * @param capFraction at most this fraction of the drain rate; 0 = no cap
     * @param eosRate     the exactly_once_v2 drain rate of this run, or NaN when it did not run
     * @param alosRate    the at_least_once drain rate of this run, or NaN
     * @param capOption   the option that sets the fraction, named in the progress line
     * @return the rate to use, records per second; when capped, rounded down to a hundred and the
     *         requested rate is recorded as {@code <phase>.requested_rate}
     */
    static double capped(String phase, double requested, double capFraction, double eosRate, double alosRate,
                         String capOption, Consumer<String> progress, Report report) {
        double drained = !Double.isNaN(eosRate) ? eosRate : alosRate;
        if (capFraction <= 0 || Double.isNaN(drained) || requested <= capFraction * drained) {
            return requested;
        }
        double capped = Math.max(100, Math.floor(capFraction * drained / 100) * 100);
        progress.accept(String.format(Locale.ROOT, "[%s] %,.0f records/s is more than %.0f%% of the drain rate "
                + "measured (%,.0f records/s): the load is %,.0f records/s, so the figures are Vigil's, not a "
                + "backlog's (%s 0 to keep it)", phase, requested, 100 * capFraction, drained, capped, capOption));
        report.info(phase + ".requested_rate", requested);
        return capped;
    }
}
