package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
    private static final Map<String, Object> BUDGET = Map.of(
            BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 8L << 20, BoundedRocksDbMemory.WRITE_BUFFER_BYTES, "2097152");

    @Test
    void everyStoreWithOneBudgetSharesOneWriteBufferManagerAndCachesIndexAndFilterBlocks() {
        BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
        try (Options a = withTableConfig(); Options b = withTableConfig()) {
            setter.setConfig("task-state", a, BUDGET);
            setter.setConfig("series", b, BUDGET);
            assertThat(a.writeBufferManager()).isNotNull().isSameAs(b.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) a.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinTopLevelIndexAndFilter()).isTrue();
            setter.close("task-state", a);
            setter.close("series", b);
        }
        // Closing a store leaves the shared objects usable by the next one.
        assertThat(BoundedRocksDbMemory.shared(BoundedRocksDbMemory.budget(BUDGET)).cache.isOwningHandle()).isTrue();
    }

    @Test
    void aDifferentBudgetGetsItsOwnObjects() {
        var small = BoundedRocksDbMemory.shared(new BoundedRocksDbMemory.Budget(4L << 20, 1L << 20));
        var other = BoundedRocksDbMemory.shared(new BoundedRocksDbMemory.Budget(8L << 20, 1L << 20));
        assertThat(small).isNotSameAs(other);
        assertThat(BoundedRocksDbMemory.shared(new BoundedRocksDbMemory.Budget(4L << 20, 1L << 20))).isSameAs(small);
    }

    @Test
    void theUsageAndCapacityReportedAreThoseOfTheSharedCaches() {
        RocksDB.loadLibrary();
        // Other tests of this JVM may have made budgets too: compare with what the shared objects say.
        var budget = new BoundedRocksDbMemory.Budget(16L << 20, 2L << 20);
        var shared = BoundedRocksDbMemory.shared(budget);
        long capacity = BoundedRocksDbMemory.blockCacheCapacityBytes();
        assertThat(capacity).isGreaterThanOrEqualTo(budget.blockCacheBytes());
        assertThat(BoundedRocksDbMemory.blockCacheUsageBytes()).isBetween(shared.cache.getUsage(), capacity);
    }

    @Test
    void aMissingOrBadBudgetIsAClearError() {
        assertThatThrownBy(() -> BoundedRocksDbMemory.budget(Map.of(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 1L << 20)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES);
        assertThatThrownBy(() -> BoundedRocksDbMemory.budget(Map.of(
                BoundedRocksDbMemory.BLOCK_CACHE_BYTES, "lots", BoundedRocksDbMemory.WRITE_BUFFER_BYTES, 1)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not a number of bytes");
        assertThatThrownBy(() -> BoundedRocksDbMemory.budget(Map.of(
                BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 1L << 20, BoundedRocksDbMemory.WRITE_BUFFER_BYTES, 2L << 20)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must not exceed");
    }

    private static Options withTableConfig() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
