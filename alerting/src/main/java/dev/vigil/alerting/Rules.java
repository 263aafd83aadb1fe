package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.config.Durations;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Loads {@code alerts.rules} (docs/alerting.md) into {@link Rule}s, validating every field. All problems
 * are collected, each naming the rule by index and name and the field
 * ({@code alerts.rules[2] (CostHigh).op: '=>' is not one of <, <=, >, >=}), and reported together in
 * one {@link RuleException}, so that a bad rule file stops start-up with the whole list at once.
 */
public final class Rules {
    /** The configuration path of the rules, the prefix of every message. */
    public static final String PATH = "alerts.rules";

    /** The most buckets a burn-rate instance may keep (its longest window over its resolution). */
    public static final int MAX_BURN_BUCKETS = 10_000;

    private static final Pattern RULE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private static final List<String> COMMON_KEYS = List.of("name", "kind", "metric", "group_by", "for",
            "keep_firing_for", "severity", "labels", "annotations");
    private static final Map<Rule.Kind, Set<String>> KIND_KEYS = Map.of(
            Rule.Kind.THRESHOLD, Set.of("window", "function", "op", "threshold", "resolve_threshold", "min_samples"),
            Rule.Kind.ABSENT, Set.of(),
            Rule.Kind.BURN_RATE, Set.of("objective", "windows", "min_samples"));
    private static final Set<String> ALL_KEYS;

    static {
        Set<String> all = new LinkedHashSet<>(COMMON_KEYS);
        all.addAll(List.of("window", "function", "op", "threshold", "resolve_threshold", "min_samples", "objective",
                "windows"));
        ALL_KEYS = Set.copyOf(all);
    }

    private Rules() {
    }

    /**
     * The rules of {@code alerts.rules}, in order.
     *
     * @param raw      the rules as the configuration keeps them (a list of YAML mappings); null means none
     * @param settings the aggregates settings (the configured ratio windows)
     * @throws RuleException listing every problem of every rule
     */
    public static List<Rule> parse(List<Map<String, Object>> raw, AggregatesSettings settings) {
        List<String> errors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> firstIndexOfName = new HashMap<>();
        if (raw != null) {
            for (int i = 0; i < raw.size(); i++) {
                Object item = raw.get(i);
                if (!(item instanceof Map<?, ?> map)) {
                    errors.add(PATH + "[" + i + "]: must be a mapping (name: ..., metric: ...), not " + shape(item));
                    continue;
                }
                RuleParser p = new RuleParser(i, map, settings, errors);
                Rule rule = p.parse();
                if (p.validName) {
                    Integer first = firstIndexOfName.putIfAbsent(p.name, i);
                    if (first != null) {
                        errors.add(p.at("name") + "duplicate rule name, already used by " + PATH + "[" + first + "]");
                        rule = null;
                    }
                }
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleException(errors);
        }
        return List.copyOf(rules);
    }

    /** The parse of one rule mapping; adds its problems to the shared list. */
    private static final class RuleParser {
        private final int index;
        private final Map<?, ?> map;
        private final AggregatesSettings settings;
        private final List<String> errors;
        private final int errorsBefore;
        private String name;
        private boolean validName;

        RuleParser(int index, Map<?, ?> map, AggregatesSettings settings, List<String> errors) {
            this.index = index;
            this.map = map;
            this.settings = settings;
            this.errors = errors;
            this.errorsBefore = errors.size();
            Object n = map.get("name");
            if (n instanceof String s && !s.isBlank()) {
                this.name = s;
            }
        }

        Rule parse() {
            // name
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

            // kind
            Rule.Kind kind = Rule.Kind.THRESHOLD;
            boolean kindKnown = true;
            String kindText = string("kind");
            if (kindText != null) {
                kind = null;
                for (Rule.Kind k : Rule.Kind.values()) {
                    if (k.wireName().equals(kindText)) {
                        kind = k;
                    }
                }
                if (kind == null) {
                    error("kind", "'" + kindText + "' is not one of threshold, absent, burn_rate" + suggest(kindText,
                            Arrays.stream(Rule.Kind.values()).map(Rule.Kind::wireName).toList()));
                    kindKnown = false;
                }
            } else if (map.containsKey("kind") && map.get("kind") != null) {
                kindKnown = false;
            }

            // keys
            for (Object key : map.keySet()) {
                String k = String.valueOf(key);
                if (!ALL_KEYS.contains(k)) {
                    error(k, "unknown key" + suggest(k, ALL_KEYS));
                } else if (kindKnown && !COMMON_KEYS.contains(k) && !KIND_KEYS.get(kind).contains(k)) {
                    error(k, "does not apply to kind " + kind.wireName());
                }
            }

            // metric
            Metric metric = null;
            String metricName = string("metric");
            if (metricName == null) {
                if (!map.containsKey("metric") || map.get("metric") == null) {
                    error("metric", "required");
                }
            } else {
                metric = Metric.fromName(metricName).orElse(null);
                if (metric == null) {
                    error("metric", "unknown metric '" + metricName + "'" + suggest(metricName,
                            Arrays.stream(Metric.values()).map(Metric::metricName).toList()));
                } else if (kindKnown && !fits(kind, metric)) {
                    metric = null;
                }
            }

            // function (threshold only)
            Rule.Function function = Rule.Function.VALUE;
            String fn = kind == Rule.Kind.THRESHOLD ? string("function") : null;
            if (fn != null) {
                if (fn.equals(Rule.Function.INCREASE.wireName())) {
                    function = Rule.Function.INCREASE;
                    if (metric != null && metric.type() != MetricType.COUNTER) {
                        error("function", "increase applies to counters; " + metric.metricName() + " is a "
                                + typeName(metric));
                        metric = null;
                    }
                } else {
                    error("function", "'" + fn + "' is not one of increase");
                }
            }

            // group_by
            List<Label> groupBy = groupBy(metric);

            // window (threshold only)
            long windowMs = 0;
            if (kind == Rule.Kind.THRESHOLD && kindKnown) {
                windowMs = window(metric, function);
            }

            // op, threshold, resolve_threshold, min_samples
            Rule.Op op = null;
            double threshold = 0;
            double resolveThreshold = 0;
            long minSamples = 0;
            if (kind == Rule.Kind.THRESHOLD && kindKnown) {
                String opText = string("op");
                if (opText == null) {
                    if (map.get("op") == null) {
                        error("op", "required (one of <, <=, >, >=)");
                    }
                } else {
                    for (Rule.Op o : Rule.Op.values()) {
                        if (o.symbol().equals(opText)) {
                            op = o;
                        }
                    }
                    if (op == null) {
                        error("op", "'" + opText + "' is not one of <, <=, >, >=");
                    }
                }
                Double t = number("threshold");
                if (t == null && map.get("threshold") == null) {
                    error("threshold", "required (a number)");
                }
                threshold = t == null ? 0 : t;
                Double r = number("resolve_threshold");
                resolveThreshold = r == null ? threshold : r;
                if (r != null && t != null && op != null) {
                    if (op.below() && r < t) {
                        error("resolve_threshold", Templates.formatNumber(r) + " is on the firing side of threshold "
                                + Templates.formatNumber(t) + " for op '" + op.symbol() + "': it must be >= the threshold");
                    } else if (!op.below() && r > t) {
                        error("resolve_threshold", Templates.formatNumber(r) + " is on the firing side of threshold "
                                + Templates.formatNumber(t) + " for op '" + op.symbol() + "': it must be <= the threshold");
                    }
                }
            }
            if (map.containsKey("min_samples") && kindKnown && kind != Rule.Kind.ABSENT) {
                Long m = integer("min_samples");
                if (m != null) {
                    if (m < 0) {
                        error("min_samples", "must be >= 0, not " + m);
                    } else if (metric != null && metric.type() != MetricType.RATIO) {
                        error("min_samples", "applies to ratio metrics only; " + metric.metricName() + " is a "
                                + typeName(metric));
                    } else {
                        minSamples = m;
                    }
                }
            }

            // burn_rate: objective, windows
            double objective = 0;
            List<Rule.BurnWindow> burnWindows = List.of();
            if (kind == Rule.Kind.BURN_RATE && kindKnown) {
                Double o = number("objective");
                if (o == null) {
                    if (map.get("objective") == null) {
                        error("objective", "required (the SLO objective, e.g. 0.99)");
                    }
                } else if (!(o > 0 && o < 1)) {
                    error("objective", Templates.formatNumber(o) + " is not between 0 and 1 (exclusive), e.g. 0.99");
                } else {
                    objective = o;
                }
                burnWindows = burnWindows();
            }

            // for, keep_firing_for
            Long forMs = duration("for");
            if (kind == Rule.Kind.ABSENT && kindKnown) {
                if (forMs == null && map.get("for") == null) {
                    error("for", "required for kind absent: how long the metric must be absent (e.g. 10m)");
                } else if (forMs != null && forMs == 0) {
                    error("for", "must be longer than 0s for kind absent (the absence duration)");
                }
                if (forMs != null) {
                    threshold = forMs / 1000.0;
                    resolveThreshold = threshold;
                }
            }
            Long keepMs = duration("keep_firing_for");

            // severity
            Rule.Severity severity = Rule.Severity.WARNING;
            String sev = string("severity");
            if (sev != null) {
                severity = null;
                for (Rule.Severity s : Rule.Severity.values()) {
                    if (s.wireName().equals(sev)) {
                        severity = s;
                    }
                }
                if (severity == null) {
                    error("severity", "'" + sev + "' is not one of info, warning, critical");
                }
            }

            // labels, annotations
            TreeMap<String, String> labels = stringMap("labels", groupBy);
            TreeMap<String, String> annotations = stringMap("annotations", null);

            if (errors.size() > errorsBefore || !validName || metric == null || !kindKnown || severity == null) {
                return null;
            }
            try {
                return new Rule(name, kind, metric, groupBy, function, windowMs, op, threshold, resolveThreshold,
                        minSamples, forMs == null ? 0 : forMs, keepMs == null ? 0 : keepMs, severity, labels,
                        annotations, objective, burnWindows);
            } catch (IllegalArgumentException | NullPointerException e) {
                errors.add(prefix() + ": " + e.getMessage());
                return null;
            }
        }

        /** Whether the kind can judge the metric; reports why not. */
        private boolean fits(Rule.Kind kind, Metric metric) {
            switch (kind) {
                case THRESHOLD -> {
                    if (metric.type() == MetricType.HISTOGRAM) {
                        error("metric", metric.metricName() + " is a histogram; a threshold rule judges a counter, "
                                + "gauge, ratio or pool metric");
                        return false;
                    }
                }
                case ABSENT -> {
                    if (!metric.stored()) {
                        error("metric", metric.metricName() + " is computed from other series; an absent rule judges "
                                + "a metric that events update (e.g. active_leases, pool_capacity)");
                        return false;
                    }
                }
                case BURN_RATE -> {
                    if (metric.type() != MetricType.RATIO) {
                        error("metric", metric.metricName() + " is a " + typeName(metric) + "; a burn_rate rule "
                                + "judges a ratio metric (task_success_ratio, agent_call_success_ratio)");
                        return false;
                    }
                }
            }
            return true;
        }

        private List<Label> groupBy(Metric metric) {
            Object raw = map.get("group_by");
            if (raw == null) {
                return List.of();
            }
            if (!(raw instanceof List<?> list)) {
                error("group_by", "must be a list of label names, not " + shape(raw));
                return List.of();
            }
            List<Label> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                String field = "group_by[" + i + "]";
                if (!(item instanceof String label)) {
                    error(field, "must be a label name, not " + shape(item));
                    continue;
                }
                if (metric == null) {
                    continue;
                }
                if (label.equals(Label.WINDOW.wireName()) && metric.type() == MetricType.RATIO) {
                    error(field, "'window' is chosen by the rule's window field, not grouped by");
                    continue;
                }
                Label found = null;
                for (Label l : metric.keyLabels()) {
                    if (l.wireName().equals(label)) {
                        found = l;
                    }
                }
                if (found == null) {
                    List<String> names = metric.keyLabels().stream().map(Label::wireName).toList();
                    error(field, "'" + label + "' is not a label of " + metric.metricName() + " ("
                            + (names.isEmpty() ? "it has no labels" : "labels: " + String.join(", ", names)) + ")");
                } else if (out.contains(found)) {
                    error(field, "'" + label + "' is listed twice");
                } else {
                    out.add(found);
                }
            }
            return out;
        }

        private long window(Metric metric, Rule.Function function) {
            boolean present = map.get("window") != null;
            if (metric == null) {
                duration("window");
                return 0;
            }
            if (metric.type() == MetricType.RATIO) {
                String configured = settings.windowsMs().stream().map(Rules::durationText)
                        .collect(Collectors.joining(", "));
                if (!present) {
                    error("window", "required for ratio metric " + metric.metricName() + " (one of " + configured + ")");
                    return 0;
                }
                Long ms = duration("window");
                if (ms == null) {
                    return 0;
                }
                if (!settings.windowsMs().contains(ms)) {
                    error("window", "'" + map.get("window") + "' is not one of the configured windows " + configured
                            + " (aggregates.windows)");
                    return 0;
                }
                return ms;
            }
            if (function == Rule.Function.INCREASE) {
                if (!present) {
                    error("window", "required for function increase (e.g. 1h)");
                    return 0;
                }
                Long ms = duration("window");
                if (ms != null && ms == 0) {
                    error("window", "must be longer than 0s");
                    return 0;
                }
                return ms == null ? 0 : ms;
            }
            if (present) {
                error("window", "applies to ratio metrics and to function: increase only; " + metric.metricName()
                        + " is a " + typeName(metric));
            }
            return 0;
        }

        private List<Rule.BurnWindow> burnWindows() {
            Object raw = map.get("windows");
            if (raw == null) {
                return Rule.DEFAULT_BURN_WINDOWS;
            }
            if (!(raw instanceof List<?> list) || list.isEmpty()) {
                error("windows", "must be a non-empty list of {long, short, factor}, not " + shape(raw));
                return List.of();
            }
            List<Rule.BurnWindow> out = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) {
                String field = "windows[" + i + "]";
                if (!(list.get(i) instanceof Map<?, ?> w)) {
                    error(field, "must be a mapping {long, short, factor}, not " + shape(list.get(i)));
                    ok = false;
                    continue;
                }
                for (Object key : w.keySet()) {
                    String k = String.valueOf(key);
                    if (!List.of("long", "short", "factor").contains(k)) {
                        error(field + "." + k, "unknown key" + suggest(k, List.of("long", "short", "factor")));
                        ok = false;
                    }
                }
                Long longMs = durationIn(w, field, "long");
                Long shortMs = durationIn(w, field, "short");
                Double factor = numberIn(w, field, "factor");
                if (longMs == null || shortMs == null || factor == null) {
                    ok = false;
                    continue;
                }
                if (shortMs == 0) {
                    error(field + ".short", "must be longer than 0s");
                    ok = false;
                } else if (longMs <= shortMs) {
                    error(field, "long (" + durationText(longMs) + ") must be longer than short ("
                            + durationText(shortMs) + ")");
                    ok = false;
                }
                if (!(factor > 0)) {
                    error(field + ".factor", "must be > 0, not " + Templates.formatNumber(factor));
                    ok = false;
                }
                if (ok) {
                    out.add(new Rule.BurnWindow(longMs, shortMs, factor));
                }
            }
            if (!ok) {
                return List.of();
            }
            long shortest = out.stream().mapToLong(Rule.BurnWindow::shortMs).min().orElseThrow();
            long resolution = Math.max(1, shortest / 5);
            for (int i = 0; i < out.size(); i++) {
                Rule.BurnWindow w = out.get(i);
                for (String which : List.of("long", "short")) {
                    long ms = which.equals("long") ? w.longMs() : w.shortMs();
                    if (ms % resolution != 0) {
                        error("windows[" + i + "]." + which, durationText(ms) + " is not a multiple of the burn-rate "
                                + "resolution " + durationText(resolution) + " (a fifth of the shortest short window)");
                        ok = false;
                    }
                }
                if (w.longMs() / resolution > MAX_BURN_BUCKETS) {
                    error("windows[" + i + "].long", durationText(w.longMs()) + " would keep more than "
                            + MAX_BURN_BUCKETS + " buckets of " + durationText(resolution) + " per alert instance");
                    ok = false;
                }
            }
            return ok ? out : List.of();
        }

        private TreeMap<String, String> stringMap(String field, List<Label> groupBy) {
            Object raw = map.get(field);
            TreeMap<String, String> out = new TreeMap<>();
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
                    continue;
                }
                if (groupBy != null && groupBy.stream().anyMatch(l -> l.wireName().equals(key))) {
                    error(at, "collides with the group_by label " + key);
                    continue;
                }
                if (!(e.getValue() instanceof String value)) {
                    error(at, "must be a string, not " + shape(e.getValue()) + " (quote it)");
                    continue;
                }
                out.put(key, value);
            }
            return out;
        }

        // ---- typed field access -------------------------------------------------------------------

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

        private Double number(String field) {
            return numberIn(map, null, field);
        }

        private Double numberIn(Map<?, ?> m, String parent, String field) {
            String at = parent == null ? field : parent + "." + field;
            Object v = m.get(field);
            if (v == null) {
                if (parent != null) {
                    error(at, "required");
                }
                return null;
            }
            Double d = toDouble(v);
            if (d == null) {
                error(at, "must be a number, not " + shape(v));
                return null;
            }
            if (!Double.isFinite(d)) {
                error(at, "must be a finite number");
                return null;
            }
            return d;
        }

        private Long integer(String field) {
            Object v = map.get(field);
            if (v == null) {
                return null;
            }
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                return ((Number) v).longValue();
            }
            if (v instanceof BigInteger b) {
                return b.bitLength() < 63 ? b.longValue() : Long.MAX_VALUE;
            }
            error(field, "must be a whole number, not " + shape(v));
            return null;
        }

        private Long duration(String field) {
            return durationIn(map, null, field);
        }

        private Long durationIn(Map<?, ?> m, String parent, String field) {
            String at = parent == null ? field : parent + "." + field;
            Object v = m.get(field);
            if (v == null) {
                if (parent != null) {
                    error(at, "required (a duration, " + Durations.EXAMPLES + ")");
                }
                return null;
            }
            if (!(v instanceof String) && !(v instanceof Number)) {
                error(at, "must be a duration (" + Durations.EXAMPLES + "), not " + shape(v));
                return null;
            }
            try {
                return Durations.parse(String.valueOf(v)).toMillis();
            } catch (IllegalArgumentException e) {
                error(at, e.getMessage());
                return null;
            }
        }

        // ---- messages ----------------------------------------------------------------------------

        String prefix() {
            return PATH + "[" + index + "]" + (name == null ? "" : " (" + name + ")");
        }

        String at(String field) {
            return prefix() + "." + field + ": ";
        }

        private void error(String field, String message) {
            errors.add(at(field) + message);
        }
    }

    private static Double toDouble(Object v) {
        if (v instanceof Double || v instanceof Float || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte) {
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

    private static String typeName(Metric metric) {
        return switch (metric.type()) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM -> "histogram";
            case RATIO -> "ratio";
            case DERIVED -> "pool metric";
        };
    }

    static String durationText(long ms) {
        return Durations.format(Duration.ofMillis(ms));
    }

    private static String shape(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return "'" + s + "'";
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Number n) {
            return n.toString();
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        return v.getClass().getSimpleName();
    }

    /** " (did you mean x?)" for the closest candidate within a small edit distance, else "". */
    private static String suggest(String word, Collection<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, w.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates.stream().sorted().toList()) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
