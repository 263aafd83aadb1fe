package dev.vigil.alerting;

import dev.vigil.config.RuleConfig;

import java.util.List;

/**
 * The problems of one rule, added to the list shared by all rules, each naming the line, the rule and the field
 * ({@code line 14: alerts.rules[2] (CostHigh).window: ...}).
 */
final class RuleProblems {
    private final RuleConfig config;
    private final List<String> errors;
    private final int before;

    RuleProblems(RuleConfig config, List<String> errors) {
        this.config = config;
        this.errors = errors;
        this.before = errors.size();
    }

    void add(String field, String message) {
        errors.add(config.problem(field, message));
    }

    /** True when a problem of this rule was added. */
    boolean any() {
        return errors.size() > before;
    }

    /** True when a problem was added since the count {@link #count()} returned. */
    boolean since(int count) {
        return errors.size() > count;
    }

    int count() {
        return errors.size();
    }
}
