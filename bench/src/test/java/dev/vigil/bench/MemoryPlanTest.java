package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.memory.MemoryBudget;
import dev.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The memory phase runs Vigil as the image does, and reads the plan Vigil itself logs. */
class MemoryPlanTest {
    private static final long MIB = 1L << 20;

    @Test
    void theImageFlagsOfTheBenchAreTheDockerfiles() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "docker", "Dockerfile"));
        assertThat(dockerfile).contains("ENV JAVA_OPTS=\"" + MemoryOptions.IMAGE_JAVA_OPTS + "\"");
        assertThat(new MemoryOptions(10, 256, 0, 0, 1024).jvmFlags())
                .containsExactly("-XX:MaxRAMPercentage=50", "-XX:MaxRAM=1024m");
        assertThat(new MemoryOptions(10, 256, 0, 0, 0).jvmFlags()).containsExactly("-Xmx256m");
    }

    @Test
    void thePlanIsReadFromTheLineVigilLogs() {
        MemoryBudget budget = MemoryBudget.resolve(new VigilConfig.RocksDb(null, null),
                new MemoryBudget.Facts(1536 * MIB, "-XX:MaxRAM", 768 * MIB));
        String log = "12:00:00.000 INFO  [main] dev.vigil.app.VigilApp - " + budget.describe() + "\nnext line\n";
        MemoryFootprint.Plan plan = MemoryFootprint.Plan.fromLog(log, new MemoryOptions(10, 256, 0, 0, 1536));
        assertThat(plan.limitMib()).isEqualTo(1536);
        assertThat(plan.heapMaxMib()).isEqualTo(768);
        assertThat(plan.blockCacheMib()).isEqualTo(512);
        assertThat(plan.writeBufferMib()).isEqualTo(128);
        assertThat(plan.limited()).isTrue();
        assertThat(plan.line()).startsWith("memory: limit 1536 MiB").doesNotContain("next line");
    }
}
