package dev.vigil.testkit;

import java.util.Arrays;
import java.util.List;

/**
 * Extra options for the JVMs a test run starts (Kafka brokers, Vigil processes, the Flink peer), read
 * from the system property {@value #PROPERTY} that the build passes to surefire and failsafe (the
 * parent pom, where the test JVMs themselves get the same options).
 *
 * <pre>{@code
 * command.addAll(TestJvm.args());   // [] outside a test run: bench/run and ./vigil demo start JVMs as users do
 * }</pre>
 *
 * <p>Why: a test's JVMs live one or two minutes and spend a large share of CPU compiling with C2
 * code they barely run, while CI gives the whole suite two cores. C1 only ({@code
 * -XX:TieredStopAtLevel=1}) cut the CPU of {@code MetricsIntegrationTest} by a third and of the CI-size
 * lost-state run by a sixth here. Benchmarks do not run under it: their figures come from
 * {@code bench/run} and {@code bench/reliability}, where the property is unset.
 */
public final class TestJvm {
    /** The system property holding the options, separated by spaces. */
    public static final String PROPERTY = "vigil.test.jvmArgs";

    private TestJvm() {
    }

    /** The options to add to a child JVM's command line; empty when the property is unset or blank. */
    public static List<String> args() {
        String value = System.getProperty(PROPERTY, "").strip();
        return value.isEmpty() ? List.of() : Arrays.asList(value.split("\\s+"));
    }
}
