package dev.vigil.serdes;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A non-negative duration as a person reads it in a dead-letter detail: {@code 12h}, {@code 5m},
 * {@code 2h0m0.5s}, {@code 3652058d1h}. Units run from the largest non-zero one to the smallest
 * non-zero one, with zeros in between written out, so that no unit is skipped silently.
 */
final class SkewText {
    private SkewText() {
    }

    static String of(Duration d) {
        String[] units = {"d", "h", "m", "s"};
        String[] values = {
                Long.toString(d.toDays()),
                Integer.toString(d.toHoursPart()),
                Integer.toString(d.toMinutesPart()),
                BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9))
                        .stripTrailingZeros().toPlainString()};
        int first = -1;
        int last = -1;
        for (int i = 0; i < values.length; i++) {
            if (!values[i].equals("0")) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        if (first < 0) {
            return "0s";
        }
        StringBuilder s = new StringBuilder();
        for (int i = first; i <= last; i++) {
            s.append(values[i]).append(units[i]);
        }
        return s.toString();
    }
}
