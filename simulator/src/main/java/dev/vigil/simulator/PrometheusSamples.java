package dev.vigil.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sample keys of the metric truth, and the means to compare them with a scraped {@code /metrics} page.
 *
 * <p>A <b>sample key</b> is a sample as Prometheus text format 0.0.4 writes it, without the value, with its labels
 * sorted by name (including {@code le}): {@code task_total{status="submitted"}},
 * {@code agent_call_latency_seconds_bucket{agent_name="planner",le="0.08",model_name="gpt-4o"}},
 * {@code active_tasks} (no braces without labels). Label values are escaped as the format says ({@code \\},
 * {@code \"}, {@code \n}). The Prometheus Java client (prometheus-metrics 1.7) writes {@code le} last rather than
 * sorted, which is why keys are canonicalised ({@link #parse(String)} does the same to a scraped page).
 *
 * <p>A histogram bound is written as {@link Double#toString(double)} writes it, {@code +Inf} for the last bucket:
 * {@code 0.01}, {@code 1.0}, {@code 3600.0}, {@code 1.0E-4}: exactly what prometheus-metrics 1.7's text writers
 * write (its {@code TextFormatUtil.writeDouble}). Values are compared as doubles, never as text (the client writes
 * counters and gauges as {@code 3.0} but bucket counts and {@code _count} as {@code 3}).
 */
public final class PrometheusSamples {

    /**
     * The relative tolerance for comparing values (see {@link #differences}): sums of many observations (histogram
     * {@code _sum}, {@code model_cost_usd_total}) are held exactly by the truth but accumulated in binary floating
     * point, in another order, by Vigil; after n additions the error is below n·2⁻⁵³ of the magnitude, far under
     * 1e-9 for any realistic run. Counts and gauges are whole numbers well within 2⁵³, so they compare exactly.
     */
    public static final double RELATIVE_TOLERANCE = 1e-9;
    /** Absolute tolerance next to zero (values that are sums of terms that cancel never occur: all are >= 0). */
    public static final double ABSOLUTE_TOLERANCE = 1e-12;

    private PrometheusSamples() {
    }

    /** The sample key of {@code name} with {@code labels} (in any order). */
    public static String key(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
        }
        return sb.append('}').toString();
    }

    /** A histogram bucket bound as the {@code le} label value. */
    public static String le(double bound) {
        if (bound == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return Double.toString(bound);
    }

    /** A label value escaped for the text format. */
    static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The labels of a sample key (or of a sample line), sorted by name. */
    public static Map<String, String> labels(String sampleKey) {
        Map<String, String> labels = new TreeMap<>();
        int brace = sampleKey.indexOf('{');
        if (brace >= 0) {
            parseLabels(sampleKey, brace + 1, labels, sampleKey);
        }
        return labels;
    }

    /** The metric name of a sample key (what precedes the labels). */
    public static String name(String sampleKey) {
        int brace = sampleKey.indexOf('{');
        return brace < 0 ? sampleKey : sampleKey.substring(0, brace);
    }

    /**
     * Every sample of a Prometheus text exposition (format 0.0.4, or OpenMetrics 1.0), by sample key. Comments,
     * {@code # EOF}, timestamps and exemplars are skipped; a sample appearing twice keeps the last value.
     *
     * @throws IllegalArgumentException for a line that is not a sample
     */
    public static Map<String, Double> parse(String exposition) {
        Map<String, Double> out = new TreeMap<>();
        for (String raw : exposition.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int i = 0;
            while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            String name = line.substring(0, i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("not a sample line: " + raw);
            }
            Map<String, String> labels = new TreeMap<>();
            if (i < line.length() && line.charAt(i) == '{') {
                i = parseLabels(line, i + 1, labels, raw);
            }
            String rest = line.substring(i).strip();
            int end = 0;
            while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != '\t') {
                end++;
            }
            if (end == 0) {
                throw new IllegalArgumentException("a sample without a value: " + raw);
            }
            out.put(key(name, labels), parseValue(rest.substring(0, end), raw));
        }
        return out;
    }

    private static int parseLabels(String line, int i, Map<String, String> labels, String raw) {
        while (true) {
            while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
                i++;
            }
            if (i >= line.length()) {
                throw new IllegalArgumentException("unterminated labels: " + raw);
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("a malformed label: " + raw);
            }
            String label = line.substring(i, eq).strip();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= line.length()) {
                    throw new IllegalArgumentException("an unterminated label value: " + raw);
                }
                char c = line.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\' && j + 1 < line.length()) {
                    char n = line.charAt(++j);
                    value.append(n == 'n' ? '\n' : n);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(label, value.toString());
            i = j + 1;
        }
    }

    private static double parseValue(String v, String raw) {
        switch (v) {
            case "+Inf", "Inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-Inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case "NaN" -> {
                return Double.NaN;
            }
            default -> {
                try {
                    return Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("a sample with a bad value: " + raw, e);
                }
            }
        }
    }

    /**
     * The samples of the given metric families: for a family {@code f}, the samples named {@code f},
     * {@code f_bucket}, {@code f_sum} and {@code f_count} (counters are named with their {@code _total}, as
     * exposed).
     */
    public static Map<String, Double> select(Map<String, Double> samples, Collection<String> families) {
        Set<String> names = new HashSet<>();
        for (String f : families) {
            names.add(f);
            names.add(f + "_bucket");
            names.add(f + "_sum");
            names.add(f + "_count");
        }
        Map<String, Double> out = new TreeMap<>();
        samples.forEach((k, v) -> {
            if (names.contains(name(k))) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Whether two values agree within {@link #RELATIVE_TOLERANCE} (or {@link #ABSOLUTE_TOLERANCE} near 0). */
    public static boolean close(double expected, double actual) {
        if (expected == actual) {
            return true;
        }
        double diff = Math.abs(expected - actual);
        return diff <= ABSOLUTE_TOLERANCE
                || diff <= RELATIVE_TOLERANCE * Math.max(Math.abs(expected), Math.abs(actual));
    }

    /**
     * What differs between expected and actual samples, one line per sample key (missing, unexpected, or a value
     * not {@link #close}); empty when they agree.
     */
    public static List<String> differences(Map<String, Double> expected, Map<String, Double> actual) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String k : keys) {
            Double e = expected.get(k);
            Double a = actual.get(k);
            if (a == null) {
                out.add("missing    " + k + " (expected " + e + ")");
            } else if (e == null) {
                out.add("unexpected " + k + " = " + a);
            } else if (!close(e, a)) {
                out.add("differs    " + k + ": expected " + e + ", got " + a);
            }
        }
        return out;
    }
}
