package dev.vigil.client.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python package's unit tests (no broker): its builders against the repository's schemas and
 * examples, both content modes, keys, traceparent, delivery errors. The broker test is left to
 * {@link PythonClientIntegrationTest}; here it is left out, so that no skip of it reads as a pass.
 */
class PythonClientTest {
    @Test
    void pytestUnitTestsPass() throws Exception {
        Pytest.Run run = Pytest.run(List.of("tests", "-q", "-rs", "--ignore", "tests/test_against_vigil.py"),
                Map.of(), Duration.ofMinutes(3), "unit");
        Pytest.assertPassed(run, false);
        assertThat(run.output()).as("no test failed or errored")
                .doesNotContainPattern("\\d+ (failed|error)");
    }
}
