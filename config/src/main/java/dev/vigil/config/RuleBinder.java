package dev.vigil.config;

import dev.vigil.config.Tree.ListNode;
import dev.vigil.config.Tree.MapNode;
import dev.vigil.config.Tree.Node;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds {@code alerts.rules} into {@link RuleConfig}s: value types, shapes, unknown keys, names, labels and
 * duplicate names. Messages keep the rules' own form ({@code line 14: alerts.rules[2] (CostHigh).op: ...}) so that a
 * rule problem reads the same whether the configuration or the alerting module finds it.
 */
final class RuleBinder {
    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> SORTED_KEYS = RuleConfig.KEYS.stream().sorted().toList();
    private static final List<String> WINDOW_KEYS = List.of("long", "short", "factor");

    private final List<String> errors;

    RuleBinder(List<String> errors) {
        this.errors = errors;
    }

    /** The rules of the list; a rule with a problem is reported and left out. */
    List<RuleConfig> bind(ListNode list) {
        List<RuleConfig> out = new ArrayList<>();
        Map<String, Integer> firstIndexOfName = new HashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            Node node = list.items().get(i);
            if (!(node instanceof MapNode map)) {
                errors.add(Binder.at(node) + RuleConfig.PATH + "[" + i + "]: must be a mapping (name: ..., metric: ...), not "
                        + node.shape());
                continue;
            }
            One one = new One(i, map);
            RuleConfig rule = one.bind();
            if (one.validName) {
                Integer first = firstIndexOfName.putIfAbsent(rule.name(), i);
                if (first != null) {
                    one.error("name", "duplicate rule name, already used by " + RuleConfig.PATH + "[" + first + "]");
                }
            }
            if (!one.failed) {
                out.add(rule);
            }
        }
        return out;
    }

    /** One rule mapping. */
    private final class One {
        private final int index;
        private final MapNode node;
        private final Map<?, ?> map;
        private final Map<String, String> origins = new LinkedHashMap<>();
        private final String name;
        private boolean validName;
        private boolean failed;

        One(int index, MapNode node) {
            this.index = index;
            this.node = node;
            this.map = (Map<?, ?>) Tree.toJava(node);
            this.name = map.get("name") instanceof String s && !s.isBlank() ? s : null;
            node.entries.forEach((key, value) -> {
                origin(key, node.keyOrigin(key));
                if (value instanceof ListNode l) {
                    for (int i = 0; i < l.items().size(); i++) {
                        originsOf(key + "[" + i + "]", l.items().get(i));
                    }
                } else if (value instanceof MapNode m) {
                    m.entries.keySet().forEach(k -> origin(key + "." + k, m.keyOrigin(k)));
                }
            });
        }

        /** Values from the defaults or from code have no origin. */
        private void origin(String path, String origin) {
            if (origin != null) {
                origins.put(path, origin);
            }
        }

        private void originsOf(String path, Node item) {
            origin(path, item.origin());
            if (item instanceof MapNode m) {
                m.entries.keySet().forEach(k -> origin(path + "." + k, m.keyOrigin(k)));
            }
        }

        RuleConfig bind() {
            for (String key : node.entries.keySet()) {
                if (!RuleConfig.KEYS.contains(key)) {
                    error(key, "unknown key" + Suggest.didYouMean(key, SORTED_KEYS));
                }
            }
            Object rawName = map.get("name");
            if (rawName == null) {
                error("name", "required");
            } else if (!(rawName instanceof String s)) {
                error("name", "must be a string, not " + shape(rawName));
            } else if (!RULE_NAME.matcher(s).matches()) {
                error("name", "'" + s + "' must match [A-Za-z][A-Za-z0-9_]* (a letter, then letters, digits, _)");
            } else {
                validName = true;
            }
            String kind = string("kind");
            String metric = string("metric");
            if (metric == null && map.get("metric") == null) {
                error("metric", "required");
            }
            List<String> groupBy = groupBy();
            String function = string("function");
            Duration window = duration(map, "window");
            String op = string("op");
            Double threshold = number(map, "threshold");
            Double resolveThreshold = number(map, "resolve_threshold");
            Long minSamples = minSamples();
            Double objective = number(map, "objective");
            List<RuleConfig.BurnWindow> windows = burnWindows();
            Duration forDuration = duration(map, "for");
            Duration keepFiringFor = duration(map, "keep_firing_for");
            String severity = string("severity");
            Map<String, String> labels = stringMap("labels", groupBy);
            Map<String, String> annotations = stringMap("annotations", List.of());
            String origin = node.origin();
            return new RuleConfig(index, name, kind, metric, groupBy, function, window, op, threshold,
                    resolveThreshold, minSamples, objective, windows, forDuration, keepFiringFor, severity, labels,
                    annotations, new RuleConfig.Source(origin, List.copyOf(node.entries.keySet()), origins));
        }

        private List<String> groupBy() {
            Object raw = map.get("group_by");
            if (raw == null) {
                return List.of();
            }
            if (!(raw instanceof List<?> list)) {
                error("group_by", "must be a list of label names, not " + shape(raw));
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof String label) {
                    out.add(label);
                } else {
                    error("group_by[" + i + "]", "must be a label name, not " + shape(list.get(i)));
                }
            }
            return out;
        }

        private Long minSamples() {
            Object v = map.get("min_samples");
            if (v == null) {
                return null;
            }
            Long m = null;
            if (v instanceof Integer || v instanceof Long) {
                m = ((Number) v).longValue();
            } else if (v instanceof BigInteger b) {
                m = b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE;
            } else {
                error("min_samples", "must be a whole number, not " + shape(v));
                return null;
            }
            if (m < 0) {
                error("min_samples", "must be >= 0, not " + m);
                return null;
            }
            return m;
        }

        private List<RuleConfig.BurnWindow> burnWindows() {
            Object raw = map.get("windows");
            if (raw == null) {
                return null;
            }
            if (!(raw instanceof List<?> list) || list.isEmpty()) {
                error("windows", "must be a non-empty list of {long, short, factor}, not " + shape(raw));
                return null;
            }
            List<RuleConfig.BurnWindow> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                String field = "windows[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> w)) {
                    error(field, "must be a mapping {long, short, factor}, not " + shape(list.get(i)));
                    continue;
                }
                for (Object key : w.keySet()) {
                    String k = String.valueOf(key);
                    if (!WINDOW_KEYS.contains(k)) {
                        error(field + "." + k, "unknown key" + Suggest.didYouMean(k, WINDOW_KEYS));
                    }
                }
                Duration longWindow = durationIn(w, field, "long");
                Duration shortWindow = durationIn(w, field, "short");
                Double factor = numberIn(w, field, "factor");
                if (longWindow != null && shortWindow != null && factor != null) {
                    out.add(new RuleConfig.BurnWindow(longWindow, shortWindow, factor));
                }
            }
            return out;
        }

        private Map<String, String> stringMap(String field, List<String> groupBy) {
            Object raw = map.get(field);
            Map<String, String> out = new LinkedHashMap<>();
            if (raw == null) {
                return out;
            }
            if (!(raw instanceof Map<?, ?> m)) {
                error(field, "must be a mapping of names to strings, not " + shape(raw));
                return out;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                String at = field + "." + key;
                if (!LABEL_NAME.matcher(key).matches() || key.startsWith("__")) {
                    error(at, "'" + key + "' is not a valid name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
                } else if (groupBy.contains(key)) {
                    error(at, "collides with the group_by label " + key);
                } else if (!(e.getValue() instanceof String value)) {
                    error(at, "must be a string, not " + shape(e.getValue()) + " (quote it)");
                } else {
                    out.put(key, value);
                }
            }
            return out;
        }

        // ---- typed values; each returns null after recording an error -------------------------------------

        private String string(String field) {
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                error(field, "must be a string, not " + shape(v));
                return null;
            }
            return s;
        }

        private Double number(Map<?, ?> m, String field) {
            Object v = m.get(field);
            if (v == null) {
                return null;
            }
            Double d = toDouble(v);
            if (d == null) {
                error(field, "must be a number, not " + shape(v));
                return null;
            }
            if (!Double.isFinite(d)) {
                error(field, "must be a finite number");
                return null;
            }
            return d;
        }

        private Double numberIn(Map<?, ?> m, String parent, String field) {
            if (m.get(field) == null) {
                error(parent + "." + field, "required");
                return null;
            }
            Object v = m.get(field);
            Double d = toDouble(v);
            if (d == null || !Double.isFinite(d)) {
                error(parent + "." + field, d == null ? "must be a number, not " + shape(v) : "must be a finite number");
                return null;
            }
            return d;
        }

        private Duration duration(Map<?, ?> m, String field) {
            return m.get(field) == null ? null : parseDuration(m.get(field), field);
        }

        private Duration durationIn(Map<?, ?> m, String parent, String field) {
            String at = parent + "." + field;
            if (m.get(field) == null) {
                error(at, "required (a duration, " + Durations.EXAMPLES + ")");
                return null;
            }
            return parseDuration(m.get(field), at);
        }

        private Duration parseDuration(Object v, String at) {
            if (!(v instanceof String) && !(v instanceof Number)) {
                error(at, "must be a duration (" + Durations.EXAMPLES + "), not " + shape(v));
                return null;
            }
            try {
                return Durations.parse(String.valueOf(v));
            } catch (IllegalArgumentException e) {
                error(at, e.getMessage());
                return null;
            }
        }

        void error(String field, String message) {
            failed = true;
            errors.add(Binder.at(originOf(field)) + RuleConfig.PATH + "[" + index + "]"
                    + (name == null ? "" : " (" + name + ")") + "." + field + ": " + message);
        }

        private String originOf(String field) {
            return new RuleConfig.Source(node.origin(), List.of(), origins).originOf(field);
        }
    }

    private static Double toDouble(Object v) {
        if (v instanceof Double || v instanceof Integer || v instanceof Long) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof BigInteger b) {
            return b.doubleValue();
        }
        if (v instanceof BigDecimal b) {
            return b.doubleValue();
        }
        return null;
    }

    /** How a value is named in messages: {@code 'text'}, {@code 1}, {@code true}, {@code a list}. */
    static String shape(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Boolean || v instanceof Number) {
            return v.toString();
        }
        if (v instanceof List) {
            return "a list";
        }
        return v instanceof Map ? "a mapping" : v.getClass().getSimpleName();
    }
}
