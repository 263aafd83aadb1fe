package dev.vigil.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of {@code alerts.rules} (docs/alerting.md, "A rule") as the configuration binds it: every value in its
 * Java type, the keys and the shapes checked, and where each value was written. What the values mean (does the
 * metric exist, does the kind apply to it, is the window one of {@code aggregates.windows}) is the alerting
 * module's to judge; its messages name the rule and the line through {@link #problem}.
 *
 * <p>A value that was not written is null (lists and maps: empty). Equality ignores {@link #source()}: the same
 * rule written elsewhere in a file is the same rule.
 *
 * @param index           the position in {@code alerts.rules}
 * @param name            the rule name as written (a non-blank string), or null
 * @param kind            {@code threshold}, {@code absent}, {@code burn_rate}...; null means threshold
 * @param metric          the metric name
 * @param groupBy         label names, as written
 * @param function        {@code increase}, or null
 * @param window          the ratio or increase window
 * @param op              {@code <}, {@code <=}, {@code >} or {@code >=} as written
 * @param minSamples      a whole number {@code >= 0}
 * @param windows         the burn-rate window pairs; null when not written (the defaults apply)
 * @param forDuration     {@code for}
 * @param severity        {@code info}, {@code warning} or {@code critical} as written
 * @param labels          valid label names, none of them a group_by label, to strings; in file order
 * @param annotations     names to template strings; in file order
 * @param source          where the rule and its values were written
 */
public record RuleConfig(int index, String name, String kind, String metric, List<String> groupBy, String function,
                         Duration window, String op, Double threshold, Double resolveThreshold, Long minSamples,
                         Double objective, List<BurnWindow> windows, Duration forDuration, Duration keepFiringFor,
                         String severity, Map<String, String> labels, Map<String, String> annotations,
                         Source source) {

    /** The configuration path of the rules, the start of every message about one. */
    public static final String PATH = "alerts.rules";

    /** The keys a rule may have, in the order of docs/alerting.md. */
    public static final List<String> KEYS = List.of("name", "kind", "metric", "group_by", "function", "window",
            "op", "threshold", "resolve_threshold", "min_samples", "objective", "windows", "for", "keep_firing_for",
            "severity", "labels", "annotations");

    /** One {@code windows} entry of a burn-rate rule, as written. */
    public record BurnWindow(Duration longWindow, Duration shortWindow, double factor) {
        public BurnWindow {
            Objects.requireNonNull(longWindow, "long");
            Objects.requireNonNull(shortWindow, "short");
        }
    }

    /**
     * Where a rule was written: the keys in file order, and the origin ({@code line 12}) of the rule and of each
     * value by its path within the rule ({@code op}, {@code group_by[1]}, {@code windows[0].short}). A rule built in
     * code has no origins.
     */
    public record Source(String origin, List<String> keys, Map<String, String> origins) {
        /** A rule built in code: the keys are those of its non-null values. */
        public static final Source NONE = new Source(null, List.of(), Map.of());

        public Source {
            keys = List.copyOf(keys);
            origins = Map.copyOf(origins);
        }

        /** The origin of the value at {@code field}, else of the nearest enclosing value, else of the rule. */
        public String originOf(String field) {
            String f = field;
            while (!f.isEmpty()) {
                String o = origins.get(f);
                if (o != null) {
                    return o;
                }
                int cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
                f = cut < 0 ? "" : f.substring(0, cut);
            }
            return origin;
        }
    }

    public RuleConfig {
        groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
        windows = windows == null ? null : List.copyOf(windows);
        labels = ordered(labels);
        annotations = ordered(annotations);
        source = source == null ? Source.NONE : source;
    }

    /** The keys written for the rule, in file order; for a rule built in code, those of its values. */
    public List<String> keys() {
        if (!source.keys().isEmpty()) {
            return source.keys();
        }
        List<String> keys = new java.util.ArrayList<>();
        for (String key : KEYS) {
            Object value = value(key);
            if (value != null && !(value instanceof List<?> l && l.isEmpty())
                    && !(value instanceof Map<?, ?> m && m.isEmpty())) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** The value of a key as this record holds it (group_by, labels, annotations: empty when not written). */
    public Object value(String key) {
        return switch (key) {
            case "name" -> name;
            case "kind" -> kind;
            case "metric" -> metric;
            case "group_by" -> groupBy;
            case "function" -> function;
            case "window" -> window;
            case "op" -> op;
            case "threshold" -> threshold;
            case "resolve_threshold" -> resolveThreshold;
            case "min_samples" -> minSamples;
            case "objective" -> objective;
            case "windows" -> windows;
            case "for" -> forDuration;
            case "keep_firing_for" -> keepFiringFor;
            case "severity" -> severity;
            case "labels" -> labels;
            case "annotations" -> annotations;
            default -> throw new IllegalArgumentException("not a rule key: " + key);
        };
    }

    /** {@code alerts.rules[2] (CostHigh)}; without the name when it has none. */
    public String path() {
        return PATH + "[" + index + "]" + (name == null ? "" : " (" + name + ")");
    }

    /** {@code line 14: alerts.rules[2] (CostHigh).op: <message>}, the origin being that of the field (or the rule). */
    public String problem(String field, String message) {
        return Binder.at(source.originOf(field)) + path() + "." + field + ": " + message;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleConfig r && index == r.index && Objects.equals(name, r.name)
                && Objects.equals(kind, r.kind) && Objects.equals(metric, r.metric) && groupBy.equals(r.groupBy)
                && Objects.equals(function, r.function) && Objects.equals(window, r.window)
                && Objects.equals(op, r.op) && Objects.equals(threshold, r.threshold)
                && Objects.equals(resolveThreshold, r.resolveThreshold) && Objects.equals(minSamples, r.minSamples)
                && Objects.equals(objective, r.objective) && Objects.equals(windows, r.windows)
                && Objects.equals(forDuration, r.forDuration) && Objects.equals(keepFiringFor, r.keepFiringFor)
                && Objects.equals(severity, r.severity) && labels.equals(r.labels)
                && annotations.equals(r.annotations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, kind, metric, groupBy, function, window, op, threshold, resolveThreshold,
                minSamples, objective, windows, forDuration, keepFiringFor, severity, labels, annotations);
    }

    private static Map<String, String> ordered(Map<String, String> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
