package dev.vigil.client.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testkit.RequiredTool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python package's pytest suite as a subprocess of the test, with the system's Python.
 *
 * <pre>{@code
 * Pytest.Run run = Pytest.run(List.of("tests", "-q"), Map.of(), Duration.ofMinutes(2), "unit");
 * assertThat(run.exitCode()).as(run.output()).isZero();
 * }</pre>
 *
 * The interpreter is the first of {@code /usr/bin/python3} and the {@code python3}s on the PATH that
 * imports {@code confluent_kafka} and {@code pytest} (Debian's {@code python3-confluent-kafka} and
 * {@code python3-pytest}; a pyenv or virtualenv {@code python3} first on the PATH often has neither).
 * Without one the test is skipped with one line naming the packages, or fails where tools are required
 * ({@link RequiredTool#missing(String)}); pytest is then told so too ({@code VIGIL_REQUIRE_TOOLS=true}),
 * and fails rather than skips tests whose optional module (jsonschema) is missing.
 */
final class Pytest {
    /** The package's directory: pyproject.toml, src/, tests/ (Maven runs tests in the module's base directory). */
    static final Path PACKAGE_DIR = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

    private static final String MODULES = "confluent_kafka, pytest";
    private static final String DEBIAN_PACKAGES = "python3-confluent-kafka python3-pytest";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);

    /** How a pytest run ended and what it printed. */
    record Run(int exitCode, String output) {
    }

    private Pytest() {
    }

    /**
     * Runs {@code python3 -m pytest <args>} in {@link #PACKAGE_DIR}; the output goes to
     * {@code target/pytest-<name>.log} and into the result.
     *
     * @param env variables added to this process' environment, whose {@code VIGIL_*} are dropped
     */
    static Run run(List<String> args, Map<String, String> env, Duration timeout, String name)
            throws IOException, InterruptedException {
        Path python = interpreter();
        List<String> command = new ArrayList<>(List.of(python.toString(), "-m", "pytest", "-p", "no:cacheprovider"));
        command.addAll(args);
        Path log = Files.createDirectories(PACKAGE_DIR.resolve("target")).resolve("pytest-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(PACKAGE_DIR.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("VIGIL_"));
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");  // no __pycache__ in the source tree
        if (RequiredTool.required()) {
            builder.environment().put("VIGIL_REQUIRE_TOOLS", "true");
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("pytest finished within %s; its output so far:%n%s", timeout, output).isTrue();
        return new Run(process.exitValue(), output);
    }

    /** The first candidate that imports confluent_kafka and pytest; skips or fails the test without one. */
    static Path interpreter() {
        Set<Path> candidates = new LinkedHashSet<>();
        candidates.add(Path.of("/usr/bin/python3"));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "python3"));
                }
            }
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && imports(candidate)) {
                return candidate;
            }
        }
        return RequiredTool.missing("no python3 imports " + MODULES + " (Debian packages " + DEBIAN_PACKAGES
                + ": apt-get install " + DEBIAN_PACKAGES + ")");
    }

    private static boolean imports(Path python) {
        try {
            Process probe = new ProcessBuilder(python.toString(), "-c", "import " + MODULES)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!probe.waitFor(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                probe.destroyForcibly();
                return false;
            }
            return probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails with the output unless pytest passed, with {@code passed} tests and, if given, none skipped. */
    static void assertPassed(Run run, boolean noneSkipped) {
        assertThat(run.exitCode()).as("pytest's exit code; its output:%n%s", run.output()).isZero();
        assertThat(run.output()).as("pytest's summary").containsPattern("\\d+ passed");
        if (noneSkipped) {
            assertThat(run.output()).as("pytest's summary").doesNotContain("skipped");
        }
    }
}
