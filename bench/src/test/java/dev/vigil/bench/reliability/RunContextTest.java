package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.BoundedRocksDbMemory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunContextTest {
    @Test
    void kafkaSettingsPassThroughWithoutTheirPrefix() {
        RunContext context = new RunContext(Path.of("/tmp"), RunContext.Scale.CI, 1, line -> { }, Map.of(
                "kafka.restore.consumer.max.poll.records", "10000",
                "kafka.", "ignored: no property named",
                "kills", "3"));

        assertThat(context.kafkaProperties()).containsExactly(Map.entry("restore.consumer.max.poll.records", "10000"));
    }

    @Test
    void aKafkaSettingReachesVigilsConfiguration() {
        String yaml = VigilYaml.of("localhost:9092", "app", VigilYaml.Topics.named("t"), Path.of("/tmp/s"), 9090)
                .withKafkaProperties(Map.of("restore.consumer.max.poll.records", "10000")).text();

        assertThat(yaml).contains("restore.consumer.max.poll.records").contains("10000");
    }

    @Test
    void storeSettingsBecomeKafkaPropertiesAndAKafkaSettingWins() {
        RunContext context = new RunContext(Path.of("/tmp"), RunContext.Scale.CI, 1, line -> { }, Map.of(
                "transactional_state_stores", "true",
                "write_buffer_mib", "16",
                "kafka.enable.transactional.statestores", "false"));
        VigilYaml base = VigilYaml.of("localhost:9092", "app", VigilYaml.Topics.named("t"), Path.of("/tmp/s"), 9090);

        String yaml = context.withStoreSettings(base, "8").text();

        assertThat(yaml).contains("\"" + BoundedRocksDbMemory.WRITE_BUFFER_BYTES + "\": \"" + (16L << 20) + "\"")
                .contains("\"enable.transactional.statestores\": \"false\"")
                .doesNotContain("\"enable.transactional.statestores\": \"true\"");
    }

    @Test
    void withoutSettingsTheRunsDefaultWriteBufferApplies() {
        RunContext context = new RunContext(Path.of("/tmp"), RunContext.Scale.CI, 1, line -> { }, Map.of());
        VigilYaml base = VigilYaml.of("localhost:9092", "app", VigilYaml.Topics.named("t"), Path.of("/tmp/s"), 9090);

        assertThat(context.withStoreSettings(base, "8").text()).contains(Long.toString(8L << 20))
                .doesNotContain("enable.transactional.statestores");
        assertThat(context.withStoreSettings(base, "0").text()).doesNotContain(BoundedRocksDbMemory.WRITE_BUFFER_BYTES);
    }

    @Test
    void aBlockCacheGivesAQuarterToTheMemtablesUnlessTheyAreSet() {
        VigilYaml base = VigilYaml.of("localhost:9092", "app", VigilYaml.Topics.named("t"), Path.of("/tmp/s"), 9090);
        RunContext cacheOnly = new RunContext(Path.of("/tmp"), RunContext.Scale.CI, 1, line -> { },
                Map.of("block_cache_mib", "96"));
        RunContext both = new RunContext(Path.of("/tmp"), RunContext.Scale.CI, 1, line -> { },
                Map.of("block_cache_mib", "96", "write_buffer_mib", "8"));

        assertThat(cacheOnly.withStoreSettings(base, "0").text())
                .contains("\"" + BoundedRocksDbMemory.BLOCK_CACHE_BYTES + "\": \"" + (96L << 20) + "\"")
                .contains("\"" + BoundedRocksDbMemory.WRITE_BUFFER_BYTES + "\": \"" + (24L << 20) + "\"");
        assertThat(both.withStoreSettings(base, "0").text())
                .contains("\"" + BoundedRocksDbMemory.WRITE_BUFFER_BYTES + "\": \"" + (8L << 20) + "\"");
    }
}
