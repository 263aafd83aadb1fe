package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.RequiredTool;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own linter, {@code promtool} (Debian package {@code prometheus}; .ci/run installs it). A test
 * that runs it is skipped, or failed where tools are required, when it is missing ({@link RequiredTool}).
 */
public final class Promtool {
    private Promtool() {
    }

    /** What one promtool run printed (stdout and stderr together) and its exit status. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code promtool check metrics} on an exposition and returns what it reported. */
    public static String checkMetrics(String exposition) throws IOException, InterruptedException {
        Result result = run(List.of("check", "metrics"), exposition);
        return result.output() + (result.succeeded() ? "" : "(exit " + result.exitCode() + ")");
    }

    /** Runs promtool with these arguments (e.g. {@code check rules FILE}), nothing on its stdin. */
    public static Result run(String... args) throws IOException, InterruptedException {
        return run(List.of(args), "");
    }

    private static Result run(List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(RequiredTool.PROMTOOL.path().toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), report);
    }
}
