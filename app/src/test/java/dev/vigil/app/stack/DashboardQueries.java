package dev.vigil.app.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression of the Grafana dashboards (panel targets) and every variable query, and
 * how a test runs them without Grafana: Grafana's template variables are replaced the way Grafana
 * would render them for a concrete choice.
 *
 * <ul>
 *   <li>{@code $agent_name}, {@code $pool}, {@code $model_name} (and any other dashboard variable) are
 *       multi-value with "All" = {@code .*}: they are replaced by {@code .*}, the widest choice, so the
 *       query must return data for everything Vigil exposes.</li>
 *   <li>{@code $__rate_interval} becomes {@value #RATE_INTERVAL} (at least four scrape intervals of the
 *       test's 1 s scrape, as Grafana computes it), {@code $__interval} {@value #INTERVAL} and
 *       {@code $__range} {@value #RANGE} (longer than a test run, so an increase over it covers it all).</li>
 * </ul>
 */
public final class DashboardQueries {
    public static final String RATE_INTERVAL = "10s";
    public static final String INTERVAL = "2s";
    public static final String RANGE = "10m";

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*([A-Za-z_][A-Za-z0-9_]*)\\)$");

    private DashboardQueries() {
    }

    /** One panel target. */
    public record Query(String dashboard, String panel, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + ": " + expr;
        }
    }

    /** One query variable: {@code label_values(selector, label)}. */
    public record VariableQuery(String dashboard, String name, String selector, String label) {
    }

    public static List<Query> all() {
        List<Query> queries = new ArrayList<>();
        for (Path file : StackFiles.dashboards()) {
            JsonNode dashboard = StackFiles.json(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(file.getFileName().toString(), panel.path("title").asText(),
                            target.path("expr").asText()));
                }
            }
        }
        return queries;
    }

    public static List<VariableQuery> variables() {
        List<VariableQuery> variables = new ArrayList<>();
        for (Path file : StackFiles.dashboards()) {
            for (JsonNode variable : StackFiles.json(file).path("templating").path("list")) {
                if (!"query".equals(variable.path("type").asText())) {
                    continue;
                }
                String definition = variable.path("query").path("query").asText();
                Matcher m = LABEL_VALUES.matcher(definition.trim());
                if (!m.matches()) {
                    throw new AssertionError(file + ": variable " + variable.path("name").asText()
                            + " is not label_values(selector, label): " + definition);
                }
                variables.add(new VariableQuery(file.getFileName().toString(), variable.path("name").asText(),
                        m.group(1).trim(), m.group(2)));
            }
        }
        return variables;
    }

    /** The panels of a dashboard, those inside collapsed rows included, rows themselves excluded. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** The names of the variables an expression uses, Grafana's built-ins ({@code $__...}) excluded. */
    public static Set<String> variablesUsed(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) {
            if (!m.group(1).startsWith("__")) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The expression as Prometheus receives it for the choices in the class comment. */
    public static String substitute(String expr) {
        String out = expr.replace("$__rate_interval", RATE_INTERVAL)
                .replace("$__interval", INTERVAL)
                .replace("$__range", RANGE);
        return VARIABLE.matcher(out).replaceAll(".*");
    }
}
