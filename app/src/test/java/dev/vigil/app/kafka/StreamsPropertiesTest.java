package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.memory.MemoryBudget;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.BoundedRocksDbMemory;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsPropertiesTest {
    private static final MemoryBudget.Facts FACTS = new MemoryBudget.Facts(4L << 30, "test", 1L << 30);

    @Test
    void anAutoBudgetReachesTheConfigSetterResolved() {
        VigilConfig config = ConfigLoader.fromYaml("", Map.of());
        Properties props = StreamsProperties.from(config, 2_000_000,
                MemoryBudget.resolve(config.kafka().rocksdb(), new MemoryBudget.Facts(1L << 30, "test", 512L << 20)));
        // 1024 - 512 - 256 MiB left for RocksDB, a quarter of it for memtables.
        assertThat(props.get(BoundedRocksDbMemory.BLOCK_CACHE_BYTES)).isEqualTo(Long.toString(256L << 20));
        assertThat(props.get(BoundedRocksDbMemory.WRITE_BUFFER_BYTES)).isEqualTo(Long.toString(64L << 20));
    }

    @Test
    void theRocksDbBudgetOfTheConfigReachesTheConfigSetter() {
        VigilConfig config = ConfigLoader.fromYaml("""
                kafka:
                  rocksdb: {block_cache_bytes: 268435456, write_buffer_bytes: 8388608}
                """, Map.of());
        Properties props = StreamsProperties.from(config, 2_000_000, MemoryBudget.resolve(config.kafka().rocksdb(), FACTS));
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(BoundedRocksDbMemory.class.getName());
        assertThat(props.get(BoundedRocksDbMemory.BLOCK_CACHE_BYTES)).isEqualTo("268435456");
        assertThat(props.get(BoundedRocksDbMemory.WRITE_BUFFER_BYTES)).isEqualTo("8388608");
    }

    @Test
    void aUsersOwnConfigSetterWins() {
        VigilConfig config = ConfigLoader.fromYaml("""
                kafka:
                  properties: {rocksdb.config.setter: com.example.MySetter}
                """, Map.of());
        assertThat(StreamsProperties.from(config, 2_000_000,
                MemoryBudget.resolve(config.kafka().rocksdb(), FACTS)).get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo("com.example.MySetter");
    }

    /** Tasks never wait on an empty partition (events-by-entity): Vigil orders nothing by record timestamp. */
    @Test
    void tasksDoNotIdleOnEmptyPartitionsUnlessTheUserSaysSo() {
        VigilConfig defaults = ConfigLoader.fromYaml("", Map.of());
        assertThat(StreamsProperties.from(defaults, 2_000_000, MemoryBudget.resolve(defaults.kafka().rocksdb(), FACTS))
                .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("-1");
        VigilConfig own = ConfigLoader.fromYaml("kafka: {properties: {max.task.idle.ms: \"0\"}}", Map.of());
        assertThat(StreamsProperties.from(own, 2_000_000, MemoryBudget.resolve(own.kafka().rocksdb(), FACTS))
                .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("0");
    }
}
