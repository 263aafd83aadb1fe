package dev.vigil.app.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The recording and alerting rules of the rule files prometheus.yml loads. */
public final class RuleFiles {
    private RuleFiles() {
    }

    /** Recorded metric name → expression, in file order. */
    public static Map<String, String> recordingRules() {
        Map<String, String> rules = new LinkedHashMap<>();
        forEachRule((file, rule) -> {
            if (rule.has("record")) {
                rules.put(rule.path("record").asText(), rule.path("expr").asText());
            }
        });
        return rules;
    }

    /** Alert name → the rule's YAML node, in file order. */
    public static Map<String, JsonNode> alertRules() {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        forEachRule((file, rule) -> {
            if (rule.has("alert")) {
                rules.put(rule.path("alert").asText(), rule);
            }
        });
        return rules;
    }

    /** The alert rules of one of the rule files, by name, in file order. */
    public static Map<String, JsonNode> alertRules(String fileName) {
        Map<String, JsonNode> rules = new LinkedHashMap<>();
        forEachRule((file, rule) -> {
            if (rule.has("alert") && file.getFileName().toString().equals(fileName)) {
                rules.put(rule.path("alert").asText(), rule);
            }
        });
        if (rules.isEmpty()) {
            throw new AssertionError("prometheus.yml loads no alert rules from " + fileName);
        }
        return rules;
    }

    private interface RuleVisitor {
        void visit(Path file, JsonNode rule);
    }

    private static void forEachRule(RuleVisitor visitor) {
        for (Path file : StackFiles.ruleFiles()) {
            for (JsonNode group : StackFiles.yaml(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    visitor.visit(file, rule);
                }
            }
        }
    }
}
