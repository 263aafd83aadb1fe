package dev.vigil.alerting;

import java.util.List;

/**
 * Alert rules that cannot be used. The message lists every problem found, one a line, each naming the
 * rule ({@code alerts.rules[2] (CostHigh)}) and the field; {@link #problems()} has them one by one.
 */
public class RuleException extends RuntimeException {
    private final List<String> problems;

    public RuleException(List<String> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in rule order. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder b = new StringBuilder("invalid alert rules: ").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems");
        for (String p : problems) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }
}
