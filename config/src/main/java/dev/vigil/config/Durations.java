package dev.vigil.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written the Prometheus way: one or more {@code <integer><unit>} terms, units from the largest to
 * the smallest, each at most once: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 24h},
 * {@code 1d}. Units: {@code y} (365 days), {@code w} (7 days), {@code d}, {@code h}, {@code m}, {@code s},
 * {@code ms}. As in Prometheus, the bare {@code 0} is accepted (zero of any unit is zero); any other bare number
 * is rejected, since its unit would be a guess. Negative and fractional values are rejected.
 */
public final class Durations {
    /** What every error message shows as valid examples. */
    public static final String EXAMPLES = "e.g. 30s, 5m, 1h";

    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3_600_000, 7L * 24 * 3_600_000, 24L * 3_600_000, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final Pattern TERM = Pattern.compile("([0-9]+)(ms|y|w|d|h|m|s)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException with a message such as {@code 'abc' is not a duration (e.g. 30s, 5m, 1h)}
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a duration is required (" + EXAMPLES + ")");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (NUMBER.matcher(text).matches()) {
            throw invalid(text, "a bare number is ambiguous, add a unit");
        }
        Matcher m = TERM.matcher(text);
        int pos = 0;
        int lastUnit = -1;
        long millis = 0;
        while (pos < text.length()) {
            m.region(pos, text.length());
            if (!m.lookingAt()) {
                return throwInvalid(text, null);
            }
            int unit = unitIndex(m.group(2));
            if (unit <= lastUnit) {
                return throwInvalid(text, "units go from the largest to the smallest, each at most once");
            }
            lastUnit = unit;
            try {
                millis = Math.addExact(millis, Math.multiplyExact(Long.parseLong(m.group(1)), UNIT_MILLIS[unit]));
            } catch (ArithmeticException | NumberFormatException e) {
                return throwInvalid(text, "too large");
            }
            pos = m.end();
        }
        if (pos == 0) {
            return throwInvalid(text, null);
        }
        return Duration.ofMillis(millis);
    }

    /**
     * The shortest Prometheus form, largest unit first: {@code 5m}, {@code 1h30m}, {@code 250ms}, {@code 1d};
     * {@code 0s} for zero. {@code parse(format(d))} equals {@code d}.
     *
     * @throws IllegalArgumentException for a negative duration or one that is not a whole number of milliseconds
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        if (duration.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("duration " + duration + " is not a whole number of milliseconds");
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < UNITS.length; i++) {
            long count = millis / UNIT_MILLIS[i];
            if (count > 0) {
                out.append(count).append(UNITS[i]);
                millis -= count * UNIT_MILLIS[i];
            }
        }
        return out.toString();
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }

    private static Duration throwInvalid(String text, String detail) {
        throw invalid(text, detail);
    }

    private static IllegalArgumentException invalid(String text, String detail) {
        return new IllegalArgumentException("'" + text + "' is not a duration (" + EXAMPLES + ")"
                + (detail == null ? "" : ": " + detail));
    }
}
