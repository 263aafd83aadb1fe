package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class TestJvmTest {
    @Test
    void childJvmsGetTheOptionsThisTestJvmRunsWith() {
        // The build passes the same value as the forks' argLine and as the property children read.
        assertThat(TestJvm.args()).isNotEmpty()
                .isSubsetOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    @Test
    void blankOrUnsetMeansNoOptions() {
        String saved = System.getProperty(TestJvm.PROPERTY);
        try {
            System.setProperty(TestJvm.PROPERTY, "  ");
            assertThat(TestJvm.args()).isEmpty();
            System.clearProperty(TestJvm.PROPERTY);
            assertThat(TestJvm.args()).isEmpty();
            System.setProperty(TestJvm.PROPERTY, " -XX:TieredStopAtLevel=1   -Xss1m ");
            assertThat(TestJvm.args()).containsExactly("-XX:TieredStopAtLevel=1", "-Xss1m");
        } finally {
            System.setProperty(TestJvm.PROPERTY, saved);
        }
    }
}
