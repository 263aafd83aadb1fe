package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CI-sized hostile-input run (3,000 records into a real exactly-once Vigil on a real broker): it
 * passes, and its figures add up.
 */
class HostileInputRunIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(HostileInputRunIntegrationTest.class);

    @TempDir
    Path temp;

    @Test
    @Timeout(360)
    void threeThousandHostileRecordsAreEachCountedOnceAndDeadLetteredByteForByte() throws Exception {
        RunResult result = new HostileInputRun().run(
                new RunContext(temp, RunContext.Scale.CI, 20261206L, LOG::info));

        LOG.info(result.verdictLine());
        assertThat(result.violations()).isEmpty();
        assertThat(result.passed()).isTrue();
        Map<String, Number> f = result.figures();
        assertThat(f.get("hostile_records").longValue()).isEqualTo(3_000);
        assertThat(f.get("hostile_violations").longValue()).isZero();
        assertThat(f.get("hostile_accepted").longValue() + f.get("hostile_duplicate").longValue()
                + f.get("hostile_invalid").longValue()).isEqualTo(3_000);
        assertThat(f.get("hostile_dead_letters").longValue()).isEqualTo(f.get("hostile_invalid").longValue());
        // Hostile input is mostly refused, but the valid events mixed in are accepted and re-sent ones dropped.
        assertThat(f.get("hostile_invalid").longValue()).isGreaterThan(1_000);
        assertThat(f.get("hostile_accepted").longValue()).isPositive();
        assertThat(f.get("hostile_duplicate").longValue()).isPositive();
        assertThat(f.get("hostile_known_verdicts").longValue()).isGreaterThan(500);
        assertThat(f.get("hostile_readyz_polls").longValue()).isPositive();
        assertThat(f.get("hostile_scrapes").longValue()).isPositive();
        assertThat(f.get("hostile_stack_trace_lines").longValue()).isZero();
        assertThat(result.verdictLine()).startsWith("PASS hostile:");
    }
}
