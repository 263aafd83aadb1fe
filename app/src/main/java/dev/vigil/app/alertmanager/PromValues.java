package dev.vigil.app.alertmanager;

import java.math.BigDecimal;

/**
 * Sample values written as Prometheus writes them in its alerts API and {@code {{ $value }}}: Go's
 * shortest exponent form ({@code 8.2e-01}, {@code 1e+02}, {@code 0e+00}), so tools that read
 * Prometheus' alerts read Vigil's the same way.
 */
public final class PromValues {
    private PromValues() {
    }

    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0e+00";
        }
        // Double.toString gives the shortest decimal that reads back as v; keep its digits.
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        int exponent = digits.length() - 1 - d.scale();
        StringBuilder out = new StringBuilder(v < 0 ? "-" : "");
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+');
        int abs = Math.abs(exponent);
        out.append(abs < 10 ? "0" : "").append(abs);
        return out.toString();
    }
}
