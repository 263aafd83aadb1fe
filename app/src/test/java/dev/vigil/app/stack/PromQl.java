package dev.vigil.app.stack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading for static checks of the dashboards and rules: which metric names and
 * label names an expression uses, and whether every metric is read inside a {@code sum}. Not a
 * parser: it relies on Prometheus itself (the integration test) to say the expressions are valid,
 * and only has to find names in valid ones.
 */
public final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{([^}]*)}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)");
    private static final Pattern TOKEN = Pattern.compile("(?<![\\w.:$])[A-Za-z_:][A-Za-z0-9_:]*|[()]");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "by", "without", "on", "ignoring", "group_left", "group_right");

    private PromQl() {
    }

    /** Metric names the expression selects (functions, aggregations and keywords are not). */
    public static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        for (Token t : tokens(expr)) {
            if (t.isMetric()) {
                names.add(t.text());
            }
        }
        return names;
    }

    /** Label names in matchers ({@code {pool=~"..."}}) and in by/without/on/ignoring/group clauses. */
    public static Set<String> labelNames(String expr) {
        String noStrings = STRING.matcher(expr).replaceAll("\"\"");
        Set<String> labels = new LinkedHashSet<>();
        Matcher braces = MATCHERS.matcher(noStrings);
        while (braces.find()) {
            Matcher label = MATCHER_LABEL.matcher(braces.group(1));
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        Matcher grouping = GROUPING.matcher(noStrings);
        while (grouping.find()) {
            for (String label : grouping.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }

    /**
     * Metric names read outside any {@code sum(...)}, except those in {@code alreadyAggregated} (recording
     * rules, which sum themselves). Empty when every series is summed, so the result is the same for one
     * Vigil instance or many.
     */
    public static List<String> unsummedMetrics(String expr, Set<String> alreadyAggregated) {
        List<String> unsummed = new ArrayList<>();
        Deque<Boolean> insideSum = new ArrayDeque<>();
        List<Token> tokens = tokens(expr);
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.text().equals("(")) {
                insideSum.push(i > 0 && tokens.get(i - 1).text().equals("sum"));
            } else if (t.text().equals(")")) {
                insideSum.pop();
            } else if (t.isMetric() && !alreadyAggregated.contains(t.text()) && !insideSum.contains(Boolean.TRUE)) {
                unsummed.add(t.text());
            }
        }
        return unsummed;
    }

    private record Token(String text, boolean beforeParenthesis) {
        boolean isMetric() {
            return !text.equals("(") && !text.equals(")") && !beforeParenthesis && !KEYWORDS.contains(text);
        }
    }

    /** Identifiers and parentheses, with strings, matchers, ranges and grouping clauses removed. */
    private static List<Token> tokens(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            String rest = s.substring(m.end()).stripLeading();
            boolean call = !m.group().equals("(") && !m.group().equals(")") && rest.startsWith("(");
            tokens.add(new Token(m.group(), call));
        }
        return tokens;
    }
}
