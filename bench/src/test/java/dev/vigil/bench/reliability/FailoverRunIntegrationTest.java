package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run 3 of RELIABILITY.md at CI size, with a standby replica only (the manifests' setting): two
 * instances, one SIGKILLed under load; the survivor serves every series again once the dead
 * member's session has expired, and the sum over the instances is exact at the end.
 */
class FailoverRunIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverRunIntegrationTest.class);

    @TempDir
    Path temp;

    @Test
    // About 2 min on 2 quiet cores: the timeout only catches a hang.
    @Timeout(900)
    void theSurvivorTakesOverAndTheSumStaysExact() throws Exception {
        RunResult result = new FailoverRun().run(new RunContext(temp, RunContext.Scale.CI, 20261206L, LOG::info));

        LOG.info(result.verdictLine());
        assertThat(result.violations()).isEmpty();
        assertThat(result.passed()).isTrue();
        double failover = result.figures().get("failover_s_standby").doubleValue();
        // Nobody takes over before the dead member's session expires: the session runs from its last
        // heartbeat (every 3 s by default), so up to 3 s of it may have passed at the kill.
        assertThat(failover).isGreaterThanOrEqualTo(Long.parseLong(FailoverRun.SESSION_TIMEOUT_MS) / 1000.0 - 3 - 1);
        assertThat(result.figures().get("failover_caught_up_s_standby").doubleValue()).isGreaterThanOrEqualTo(failover);
        assertThat(result.figures()).doesNotContainKey("failover_s_no_standby");
    }
}
