package dev.vigil.alerting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The annotation templates of docs/alerting.md: {@code {{name}}} (spaces inside the braces allowed) is
 * replaced by the variable of that name: a group label, a rule label, {@code value} or
 * {@code threshold}. Nothing else happens: no expression, function or escape is evaluated, an
 * unknown name stays as written, and substituted text is never scanned again (a label value that
 * looks like a placeholder is copied as is).
 */
public final class Templates {
    private Templates() {
    }

    /** The template with every known placeholder substituted, in one left-to-right pass. */
    public static String render(String template, Map<String, String> variables) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int pos = 0;
        while (pos < template.length()) {
            int open = template.indexOf("{{", pos);
            if (open < 0) {
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                break;
            }
            String name = template.substring(open + 2, close).strip();
            String value = isName(name) ? variables.get(name) : null;
            if (value == null) {
                // Not a placeholder we know: keep its opening braces and look again just after them,
                // so that "{{{{value}}" still finds the inner placeholder.
                out.append(template, pos, open + 2);
                pos = open + 2;
                continue;
            }
            out.append(template, pos, open).append(value);
            pos = close + 2;
        }
        out.append(template, pos, template.length());
        return out.toString();
    }

    /**
     * A value as a short decimal: at most 4 significant digits after the point for values below 1
     * ({@code 0.8235}, {@code 0.0001235}), at most 4 significant digits in all but never rounding the
     * integer part for larger ones ({@code 12.5}, {@code 1234.5} → {@code 1235}, {@code 1234567}),
     * rounded half up, no trailing zeros, no exponent.
     */
    public static String formatNumber(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(value));
        BigDecimal abs = d.abs();
        BigDecimal rounded;
        if (abs.compareTo(BigDecimal.ONE) >= 0) {
            int integerDigits = abs.precision() - abs.scale();
            rounded = d.setScale(Math.max(0, 4 - integerDigits), RoundingMode.HALF_UP);
        } else {
            rounded = d.round(new MathContext(4, RoundingMode.HALF_UP));
        }
        String text = rounded.stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }

    private static boolean isName(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return s.charAt(0) < 128;
    }
}
