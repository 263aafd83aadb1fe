package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run 4 of RELIABILITY.md at CI size (8,000 live entities): a clean restart, two crashes and a
 * deleted state directory, each restart ending with {@code /metrics} exactly as before; the clean
 * restart wipes nothing; the lost state is restored from the changelogs in full.
 */
class LostStateRunIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(LostStateRunIntegrationTest.class);

    @TempDir
    Path temp;

    @Test
    // About 50 s on 2 quiet cores; 4.5 min was seen at a load average of 30: the timeout only catches a hang.
    @Timeout(600)
    void everyRestartRestoresMetricsExactlyAndACleanStopWipesNothing() throws Exception {
        RunResult result = new LostStateRun().run(new RunContext(temp, RunContext.Scale.CI, 17L, LOG::info));

        LOG.info(result.verdictLine());
        assertThat(result.violations()).isEmpty();
        assertThat(result.passed()).isTrue();
        var f = result.figures();
        long entities = f.get("lost_state_entities").longValue();
        assertThat(entities).isEqualTo(8_000);
        assertThat(f.get("lost_state_clean_wiped_tasks").intValue()).isZero();
        assertThat(f.get("lost_state_clean_restored_records").longValue()).isZero();
        // Every entity is in the task, lease and pool stores' changelogs: at least one record each.
        assertThat(f.get("lost_state_lost_restored_records").longValue()).isGreaterThanOrEqualTo(entities);
        // Under exactly-once, a crash of stores flushed while open wipes them: the whole state again.
        assertThat(f.get("lost_state_crash_restored_wiped_tasks").intValue()).isPositive();
        assertThat(f.get("lost_state_crash_restored_restored_records").longValue())
                .isEqualTo(f.get("lost_state_lost_restored_records").longValue());
        assertThat(f.get("restore_s_per_million_entities").doubleValue()).isPositive().isFinite();
        assertThat(f.get("lost_state_changelog_bytes").longValue()).isPositive();
        assertThat(f.get("lost_state_state_dir_bytes").longValue()).isPositive();
    }
}
