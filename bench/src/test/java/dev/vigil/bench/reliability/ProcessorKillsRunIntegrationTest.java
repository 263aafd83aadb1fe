package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run 1 of RELIABILITY.md at CI size: three SIGKILLs of the Vigil process under a steady
 * exactly-once load (the last one 1–5 s after the restart was ready, while it catches up), and at
 * the end every metric, count, dead letter and alert exact.
 */
class ProcessorKillsRunIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorKillsRunIntegrationTest.class);

    @TempDir
    Path temp;

    @Test
    // About 100 s on 2 quiet cores: the timeout only catches a hang.
    @Timeout(900)
    void nothingIsLostOrDoubledAcrossKills() throws Exception {
        RunResult result = new ProcessorKillsRun().run(new RunContext(temp, RunContext.Scale.CI, 20261206L, LOG::info));

        LOG.info(result.verdictLine());
        assertThat(result.violations()).isEmpty();
        assertThat(result.passed()).isTrue();
        var f = result.figures();
        assertThat(f.get("processor_kills").intValue()).isEqualTo(3);
        assertThat(f.get("processor_kills_exact").intValue()).isEqualTo(3);
        assertThat(f.get("processor_dead_letters").longValue()).as("bad records were in the load").isPositive();
        assertThat(f.get("processor_alert_transitions").longValue()).as("alerts fired and resolved").isPositive();
        assertThat(f.get("processor_restart_to_ready_max_s").doubleValue()).isPositive()
                .isLessThan(Crashes.READY_TIMEOUT.toSeconds());
    }
}
