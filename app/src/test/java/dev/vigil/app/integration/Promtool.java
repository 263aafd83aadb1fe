package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Prometheus' own linter, {@code promtool} (Debian package {@code prometheus}; .ci/run installs it). */
final class Promtool {
    private Promtool() {
    }

    /** Runs {@code promtool check metrics} on an exposition and returns what it reported. */
    static String checkMetrics(String exposition) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("promtool is not installed: apt-get install prometheus (.ci/run does)", e);
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String report = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return report + (process.exitValue() == 0 ? "" : "(exit " + process.exitValue() + ")");
    }
}
