package dev.vigil.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * An external program a test needs, found on the PATH before the test uses it.
 *
 * <p>{@code ./mvnw verify} must pass on a bare JDK, so where the program is missing the test is
 * skipped (a JUnit assumption) with one line naming the Debian package that brings it (or, for the
 * one that is no Debian package, where it comes from). Where the
 * tools must be there, CI ({@code CI=true}, as CI services set it) or {@code -Dvigil.requireTools=true}
 * ({@code .ci/run} passes it), a missing program fails the test instead: a skip there would hide that
 * the check never ran.
 *
 * <pre>{@code
 * Path kcat = RequiredTool.KCAT.path();   // skips or fails the calling test if kcat is missing
 * }</pre>
 */
public enum RequiredTool {
    /** librdkafka's command-line client, a real non-Java Kafka client. */
    KCAT("kcat", "kcat"),
    /** Prometheus' linter and rule tester. */
    PROMTOOL("promtool", "prometheus"),
    /** The Prometheus server. */
    PROMETHEUS("prometheus", "prometheus"),
    /** Alertmanager, as Debian names its binary. */
    ALERTMANAGER("prometheus-alertmanager", "prometheus-alertmanager"),
    /** Alertmanager's command-line tool ({@code amtool check-config}). */
    AMTOOL("amtool", "prometheus-alertmanager"),
    /** Headless Chromium, the browser the status page is tested in. */
    CHROMIUM("chromium", "chromium"),
    /** The WebDriver server that drives {@link #CHROMIUM}. */
    CHROMEDRIVER("chromedriver", "chromium-driver"),
    /** git, to compare the commit a build recorded with the checkout's. */
    GIT("git", "git"),
    /**
     * Kubernetes' command-line tool, for {@code kubectl kustomize} (deploy/kubernetes). Not from Debian: these
     * machines' image brings it.
     */
    KUBECTL("kubectl", null, "not a Debian package: it comes with the machine image (elsewhere: "
            + "https://kubernetes.io/docs/tasks/tools/)");

    /** The system property that makes a missing tool a failure. */
    public static final String REQUIRE_PROPERTY = "vigil.requireTools";

    private final String command;
    private final String debianPackage;
    /** Where the program comes from, for the skip or failure message. */
    private final String whereFrom;

    RequiredTool(String command, String debianPackage) {
        this(command, debianPackage, "Debian package " + debianPackage + ": apt-get install " + debianPackage);
    }

    RequiredTool(String command, String debianPackage, String whereFrom) {
        this.command = command;
        this.debianPackage = debianPackage;
        this.whereFrom = whereFrom;
    }

    /** @return the program's name on the PATH, e.g. {@code promtool} */
    public String command() {
        return command;
    }

    /** @return the Debian package that installs it, or null when it is not one */
    public String debianPackage() {
        return debianPackage;
    }

    /**
     * The program's path on this machine's PATH. When it is missing, aborts the calling test (it is
     * reported as skipped), or fails it when tools are required.
     *
     * @return the executable
     * @throws org.opentest4j.TestAbortedException when missing and not required
     * @throws AssertionError                      when missing and required
     */
    public Path path() {
        return path(System.getenv(), System.getProperty(REQUIRE_PROPERTY));
    }

    /** {@link #path()} with the environment and the property given, for tests. */
    Path path(Map<String, String> env, String requireProperty) {
        Optional<Path> found = find(env.get("PATH"));
        if (found.isPresent()) {
            return found.get();
        }
        return missing(command + " is not on the PATH (" + whereFrom + ")", env, requireProperty);
    }

    /**
     * Whether a missing tool fails the test here rather than skipping it: {@code CI=true} or
     * {@code -Dvigil.requireTools=true}.
     */
    public static boolean required() {
        return required(System.getenv(), System.getProperty(REQUIRE_PROPERTY));
    }

    static boolean required(Map<String, String> env, String requireProperty) {
        return "true".equalsIgnoreCase(env.get("CI")) || "true".equalsIgnoreCase(requireProperty);
    }

    /**
     * For what a test needs that is no program on the PATH (e.g. an interpreter with certain modules):
     * aborts the calling test (skipped) with this one line, or fails it when tools are {@link #required()}.
     *
     * <pre>{@code
     * if (!found) RequiredTool.missing("no python3 imports pytest (Debian package python3-pytest: ...)");
     * }</pre>
     *
     * @param what what is missing and where it comes from
     * @return never
     */
    public static <T> T missing(String what) {
        return missing(what, System.getenv(), System.getProperty(REQUIRE_PROPERTY));
    }

    static <T> T missing(String what, Map<String, String> env, String requireProperty) {
        if (required(env, requireProperty)) {
            throw new AssertionError(what + "; tools are required here (CI=true or -D" + REQUIRE_PROPERTY + "=true)");
        }
        return Assumptions.abort("skipped: " + what);
    }

    /** The first executable named {@link #command} in the PATH's directories, as a shell would find it. */
    Optional<Path> find(String pathVariable) {
        if (pathVariable == null || pathVariable.isEmpty()) {
            return Optional.empty();
        }
        return Stream.of(pathVariable.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, command))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }
}
