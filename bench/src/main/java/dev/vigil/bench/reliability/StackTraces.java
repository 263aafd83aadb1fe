package dev.vigil.bench.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds Java stack traces in a Vigil log (text format, as {@code observability.logging.format: text}
 * writes it, stdout and stderr together). A line is part of a stack trace when it is:
 * <ul>
 *   <li>a frame: whitespace, then {@code at } and a qualified method ({@code \tat dev.vigil.X.y(X.java:1)});</li>
 *   <li>an elision: whitespace, then {@code ... N more};</li>
 *   <li>a cause or suppressed header: {@code Caused by: } or whitespace plus {@code Suppressed: };</li>
 *   <li>a throwable header: the line starts with a qualified class name ending in {@code Exception} or
 *       {@code Error}, alone or followed by {@code : } and a message ({@code java.lang.IllegalStateException: x}),
 *       or it starts with {@code Exception in thread }.</li>
 * </ul>
 * A log message that merely mentions an exception's name inside its text (after the time, level and
 * logger) is not one: Vigil may name what it refused, it may not dump a trace.
 */
final class StackTraces {
    private static final Pattern TRACE = Pattern.compile(
            "^(\\s+at \\S+\\(.*|\\s+\\.\\.\\. \\d+ more.*|Caused by: .*|\\s+Suppressed: .*|Exception in thread .*"
                    + "|([a-zA-Z_$][\\w$]*\\.)+[\\w$]*(Exception|Error)(: .*)?)$");

    private StackTraces() {
    }

    /** The stack-trace lines of a log, in order. */
    static List<String> find(Path log) {
        List<String> found = new ArrayList<>();
        if (!Files.exists(log)) {
            return found;
        }
        try (var lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            lines.filter(StackTraces::isTraceLine).forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    static boolean isTraceLine(String line) {
        return TRACE.matcher(line).matches();
    }
}
