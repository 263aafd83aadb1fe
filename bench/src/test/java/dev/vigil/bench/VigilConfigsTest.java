package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A benchmark run's configuration: an override that names no key fails the run instead of measuring another. */
class VigilConfigsTest {
    @TempDir
    Path dir;

    private static final VigilConfigs.Topics TOPICS = new VigilConfigs.Topics("in", "dlq", "alerts");

    @Test
    void overridesApply() {
        assertThat(VigilConfigs.build("localhost:9092", "bench-1", "at_least_once", TOPICS, dir,
                Map.of("VIGIL_TOPICS_INPUT_KEYED_BY_ENTITY", "true"), "",
                Map.of("VIGIL_KAFKA_ROCKSDB_BLOCK_CACHE_BYTES", "268435456")))
                .satisfies(c -> {
                    assertThat(c.topics().inputKeyedByEntity()).isTrue();
                    assertThat(c.kafka().rocksdb().blockCacheBytes()).isEqualTo(268_435_456L);
                });
    }

    @Test
    void anOverrideThatNamesNoKeyFailsTheRun() {
        assertThatThrownBy(() -> VigilConfigs.build("localhost:9092", "bench-1", "at_least_once", TOPICS, dir,
                Map.of("VIGIL_TOPICS_INPUT_KEYED_BY_ENTITI", "true"), "", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VIGIL_TOPICS_INPUT_KEYED_BY_ENTITI (did you mean "
                        + "VIGIL_TOPICS_INPUT_KEYED_BY_ENTITY?)");
    }
}
