package dev.vigil.bench.reliability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one reliability run: whether every exact comparison held, the one line that says
 * so, the figures it measured (some of them headline figures of {@code RELIABILITY.json}) and the
 * violations found, each a sentence a reader can act on.
 *
 * @param run        the run's name on the command line ({@code processor-kills}, {@code hostile}...)
 * @param passed     true when every check held
 * @param line       one line: what was done, how many times, the result, the main timings
 * @param figures    measured figures by name, in the order they were measured (numbers only)
 * @param violations what did not hold; empty when passed
 */
public record RunResult(String run, boolean passed, String line, Map<String, Number> figures,
                        List<String> violations) {
    public RunResult {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(line, "line");
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        violations = List.copyOf(violations);
        if (passed != violations.isEmpty()) {
            throw new IllegalArgumentException("a run passes exactly when it found no violation");
        }
    }

    /** The pass/fail line every run ends with. */
    public String verdictLine() {
        return (passed ? "PASS " : "FAIL ") + run + ": " + line;
    }
}
