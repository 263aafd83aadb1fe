package dev.vigil.serdes;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Function;

/**
 * Reads typed fields out of a JSON object by hand and remembers the first violation as a
 * human-readable detail that names the field ({@code data.status: "done" is not one of ...}).
 * Once a field has failed, later reads return placeholders without looking, so callers read
 * every field in a row and check {@link #failed()} once. No exceptions, no allocation on success
 * beyond the values themselves.
 */
final class FieldReader {

    private static final int MAX_QUOTED = 64;

    private final JsonNode object;
    private final String prefix;
    private String error;

    /** @param prefix prepended to field names in details, e.g. {@code "data."} */
    FieldReader(JsonNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    boolean failed() {
        return error != null;
    }

    /** The first violation, or null. */
    String error() {
        return error;
    }

    String requiredString(String name) {
        JsonNode n = required(name);
        return n == null ? null : string(name, n);
    }

    /** An optional string; absent and JSON null both read as null. */
    String optionalString(String name) {
        JsonNode n = optional(name);
        return n == null ? null : string(name, n);
    }

    <E> E requiredEnum(String name, Function<String, E> lookup, String allowed) {
        JsonNode n = required(name);
        return n == null ? null : enumValue(name, n, lookup, allowed);
    }

    <E> E optionalEnum(String name, Function<String, E> lookup, String allowed) {
        JsonNode n = optional(name);
        return n == null ? null : enumValue(name, n, lookup, allowed);
    }

    /** A finite number in [0, max] (fractional allowed). */
    double requiredNonNegative(String name, double max) {
        JsonNode n = required(name);
        return n == null ? 0 : nonNegative(name, n, max);
    }

    Double optionalNonNegative(String name, double max) {
        JsonNode n = optional(name);
        if (n == null) {
            return null;
        }
        double v = nonNegative(name, n, max);
        return failed() ? null : v;
    }

    /** An integer in [min, max] (a number with a zero fraction, such as 2.0, is an integer). */
    long requiredInteger(String name, long min, long max) {
        JsonNode n = required(name);
        return n == null ? 0 : integer(name, n, min, max, false);
    }

    Long optionalInteger(String name, long min, long max) {
        JsonNode n = optional(name);
        if (n == null) {
            return null;
        }
        long v = integer(name, n, min, max, false);
        return failed() ? null : v;
    }

    /** An optional integer in (0, max] (JSON Schema {@code exclusiveMinimum: 0}). */
    Long optionalPositiveInteger(String name, long max) {
        JsonNode n = optional(name);
        if (n == null) {
            return null;
        }
        long v = integer(name, n, 1, max, true);
        return failed() ? null : v;
    }

    // ------------------------------------------------------------------ internals

    private JsonNode required(String name) {
        if (error != null) {
            return null;
        }
        JsonNode n = object.get(name);
        if (n == null) {
            fail(name, "missing (required)");
            return null;
        }
        if (n.isNull()) {
            fail(name, "is null (required)");
            return null;
        }
        return n;
    }

    private JsonNode optional(String name) {
        if (error != null) {
            return null;
        }
        JsonNode n = object.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private String string(String name, JsonNode n) {
        if (!n.isTextual()) {
            fail(name, "expected a string, got " + describe(n));
            return null;
        }
        String s = n.textValue();
        if (s.isEmpty()) {
            fail(name, "must not be empty");
            return null;
        }
        return s;
    }

    private <E> E enumValue(String name, JsonNode n, Function<String, E> lookup, String allowed) {
        if (!n.isTextual()) {
            fail(name, "expected a string (one of " + allowed + "), got " + describe(n));
            return null;
        }
        E e = lookup.apply(n.textValue());
        if (e == null) {
            fail(name, quote(n) + " is not one of " + allowed);
        }
        return e;
    }

    private double nonNegative(String name, JsonNode n, double max) {
        if (!n.isNumber()) {
            fail(name, "expected a number, got " + describe(n));
            return 0;
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            fail(name, "is not a finite number (too large for a double)");
            return 0;
        }
        if (v < 0) {
            fail(name, quote(n) + " is below the minimum 0");
            return 0;
        }
        if (v > max) {
            fail(name, quote(n) + " is above the maximum " + plain(max));
            return 0;
        }
        return v;
    }

    private long integer(String name, JsonNode n, long min, long max, boolean positive) {
        if (!n.isNumber()) {
            fail(name, "expected an integer, got " + describe(n));
            return 0;
        }
        long v;
        if (n.isIntegralNumber()) {
            if (!n.canConvertToLong()) {
                fail(name, quote(n) + " is out of range");
                return 0;
            }
            v = n.longValue();
        } else {
            double d = n.doubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d)) {
                fail(name, quote(n) + " is not an integer");
                return 0;
            }
            // 2^63 is exactly representable; anything at or beyond it does not fit a long.
            if (d >= 0x1p63 || d < -0x1p63) {
                fail(name, quote(n) + " is out of range");
                return 0;
            }
            v = (long) d;
        }
        if (v < min) {
            fail(name, quote(n) + (positive ? " must be greater than 0" : " is below the minimum " + min));
            return 0;
        }
        if (v > max) {
            fail(name, quote(n) + " is above the maximum " + max);
            return 0;
        }
        return v;
    }

    /** A bound as people write it: {@code 2678400000}, not {@code 2.6784E9}. */
    private static String plain(double bound) {
        return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    /** Fails the field unless {@code value} (the field's, when present) is at most {@code other}'s. */
    void atMost(String name, Long value, String otherName, long other) {
        if (error == null && value != null && value > other) {
            fail(name, value + " is above " + otherName + " (" + other + "): it is part of it");
        }
    }

    private void fail(String name, String what) {
        error = prefix + name + ": " + what;
    }

    /** "a string (\"12\")", "a boolean (true)", "an array", "an object". */
    static String describe(JsonNode n) {
        switch (n.getNodeType()) {
            case STRING:
                return "a string (" + quote(n) + ")";
            case NUMBER:
                return "a number (" + quote(n) + ")";
            case BOOLEAN:
                return "a boolean (" + n.booleanValue() + ")";
            case NULL:
                return "null";
            case ARRAY:
                return "an array";
            case OBJECT:
                return "an object";
            default:
                return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The JSON text of a scalar, cut to a readable length. */
    static String quote(JsonNode n) {
        return abbreviate(n.toString());
    }

    static String abbreviate(String s) {
        return s.length() <= MAX_QUOTED ? s : s.substring(0, MAX_QUOTED) + "…";
    }
}
