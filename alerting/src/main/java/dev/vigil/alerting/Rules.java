package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.config.Durations;
import dev.vigil.config.RuleConfig;
import dev.vigil.config.Suggest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Gives the rules of {@code alerts.rules} their meaning: {@link RuleConfig}s, which the configuration has typed
 * and shape-checked, become {@link Rule}s. Checked here is what needs the metrics and the aggregates settings:
 * the kind, the metric, whether the kind judges it, the group_by labels, the kind's own fields (each
 * {@link Condition}'s parser), the severity. All problems are collected, each with the line, the rule and the
 * field ({@code line 14: alerts.rules[2] (CostHigh).op: '=>' is not one of <, <=, >, >=}), and reported together
 * in one {@link RuleException}, so that a bad rule file stops start-up with the whole list at once.
 */
public final class Rules {
    /** The configuration path of the rules, the prefix of every message. */
    public static final String PATH = RuleConfig.PATH;

    /** The most buckets a burn-rate instance may keep (its longest window over its resolution). */
    public static final int MAX_BURN_BUCKETS = BurnRateCondition.MAX_BURN_BUCKETS;

    /** The keys every rule may have, whatever its kind. */
    private static final List<String> COMMON_KEYS = List.of("name", "kind", "metric", "group_by", "for",
            "keep_firing_for", "severity", "labels", "annotations");

    private Rules() {
    }

    /**
     * The rules of {@code alerts.rules}, in order.
     *
     * @param configs  the rules as the configuration bound them; null means none
     * @param settings the aggregates settings (the configured ratio windows)
     * @throws RuleException listing every problem of every rule
     */
    public static List<Rule> parse(List<RuleConfig> configs, AggregatesSettings settings) {
        List<String> errors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        if (configs != null) {
            for (RuleConfig c : configs) {
                Rule rule = parse(c, settings, new RuleProblems(c, errors));
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

    private static Rule parse(RuleConfig c, AggregatesSettings settings, RuleProblems p) {
        Rule.Kind kind = kind(c, p);
        if (kind != null) {
            for (String key : c.keys()) {
                if (!COMMON_KEYS.contains(key) && !kind.keys().contains(key)) {
                    p.add(key, "does not apply to kind " + kind.wireName());
                }
            }
        }
        Metric metric = metric(c, p);
        Condition condition = kind == null ? null : kind.parse(c, metric, settings, p);
        List<Label> groupBy = groupBy(c, metric, p);
        Rule.Severity severity = severity(c, p);
        if (p.any() || metric == null || condition == null || severity == null) {
            return null;
        }
        return new Rule(c.name(), metric, groupBy, condition, millis(c.forDuration()), millis(c.keepFiringFor()),
                severity, new TreeMap<>(c.labels()), new TreeMap<>(c.annotations()));
    }

    private static Rule.Kind kind(RuleConfig c, RuleProblems p) {
        if (c.kind() == null) {
            return Rule.Kind.THRESHOLD;
        }
        for (Rule.Kind k : Rule.Kind.values()) {
            if (k.wireName().equals(c.kind())) {
                return k;
            }
        }
        List<String> names = Arrays.stream(Rule.Kind.values()).map(Rule.Kind::wireName).toList();
        p.add("kind", "'" + c.kind() + "' is not one of " + String.join(", ", names)
                + Suggest.didYouMean(c.kind(), names.stream().sorted().toList()));
        return null;
    }

    private static Metric metric(RuleConfig c, RuleProblems p) {
        if (c.metric() == null) {
            return null; // reported by the configuration
        }
        Metric metric = Metric.fromName(c.metric()).orElse(null);
        if (metric == null) {
            p.add("metric", "unknown metric '" + c.metric() + "'" + Suggest.didYouMean(c.metric(),
                    Arrays.stream(Metric.values()).map(Metric::metricName).sorted().toList()));
        }
        return metric;
    }

    private static List<Label> groupBy(RuleConfig c, Metric metric, RuleProblems p) {
        List<Label> out = new ArrayList<>();
        if (metric == null) {
            return out;
        }
        for (int i = 0; i < c.groupBy().size(); i++) {
            String label = c.groupBy().get(i);
            String field = "group_by[" + i + "]";
            if (label.equals(Label.WINDOW.wireName()) && metric.type() == MetricType.RATIO) {
                p.add(field, "'window' is chosen by the rule's window field, not grouped by");
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
                p.add(field, "'" + label + "' is not a label of " + metric.metricName() + " ("
                        + (names.isEmpty() ? "it has no labels" : "labels: " + String.join(", ", names)) + ")");
            } else if (out.contains(found)) {
                p.add(field, "'" + label + "' is listed twice");
            } else {
                out.add(found);
            }
        }
        return out;
    }

    private static Rule.Severity severity(RuleConfig c, RuleProblems p) {
        if (c.severity() == null) {
            return Rule.Severity.WARNING;
        }
        for (Rule.Severity s : Rule.Severity.values()) {
            if (s.wireName().equals(c.severity())) {
                return s;
            }
        }
        p.add("severity", "'" + c.severity() + "' is not one of info, warning, critical");
        return null;
    }

    private static long millis(Duration d) {
        return d == null ? 0 : d.toMillis();
    }

    /** How messages name a metric's type. */
    static String typeName(Metric metric) {
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
}
