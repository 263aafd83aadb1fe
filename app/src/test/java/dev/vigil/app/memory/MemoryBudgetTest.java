package dev.vigil.app.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.VigilConfig;
import org.junit.jupiter.api.Test;

/** The formula limit = heap + RocksDB + overhead, and what {@code auto} makes of it. */
class MemoryBudgetTest {
    private static final long MIB = 1L << 20;
    private static final VigilConfig.RocksDb AUTO = new VigilConfig.RocksDb(null, null);

    private static MemoryBudget.Facts facts(long limitMib, long heapMib) {
        return new MemoryBudget.Facts(limitMib * MIB, "test", heapMib * MIB);
    }

    @Test
    void autoGivesRocksDbWhatTheLimitLeavesAfterHeapAndOverhead() {
        // The image's 50 % heap in a 1 GiB pod: 1024 - 512 - 256 = 256 MiB.
        MemoryBudget budget = MemoryBudget.resolve(AUTO, facts(1024, 512));
        assertThat(budget.blockCacheBytes()).isEqualTo(256 * MIB);
        assertThat(budget.writeBufferBytes()).isEqualTo(64 * MIB);
        assertThat(budget.auto()).isTrue();
        assertThat(budget.plannedBytes()).isEqualTo(1024 * MIB);
        assertThat(budget.overcommitted()).isFalse();
    }

    @Test
    void autoIsCappedWhereMoreCacheStopsPayingOff() {
        MemoryBudget budget = MemoryBudget.resolve(AUTO, facts(2048, 1024));
        assertThat(budget.blockCacheBytes()).isEqualTo(MemoryBudget.AUTO_MAX_BYTES);
        assertThat(budget.writeBufferBytes()).isEqualTo(MemoryBudget.AUTO_MAX_BYTES / 4);
        assertThat(budget.describe()).contains("limit 2048 MiB", "heap max 1024 MiB", "RocksDB 512 MiB (auto",
                "256 MiB spare");
    }

    @Test
    void autoRefusesToStartWhenTooLittleIsLeftAndSaysWhatToChange() {
        assertThatThrownBy(() -> MemoryBudget.resolve(AUTO, facts(768, 512)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("limit (768 MiB, test)")
                .hasMessageContaining("leaves 0 MiB for RocksDB")
                .hasMessageContaining("kafka.rocksdb.block_cache_bytes");
    }

    @Test
    void aConfiguredBudgetIsKeptAndAnOvercommitIsReported() {
        MemoryBudget budget = MemoryBudget.resolve(new VigilConfig.RocksDb(1024 * MIB, 128 * MIB), facts(1024, 512));
        assertThat(budget.blockCacheBytes()).isEqualTo(1024 * MIB);
        assertThat(budget.writeBufferBytes()).isEqualTo(128 * MIB);
        assertThat(budget.auto()).isFalse();
        assertThat(budget.overcommitted()).isTrue();
        assertThat(budget.describe()).contains("1792 MiB planned, MORE than the limit");
    }

    @Test
    void anAutoWriteBufferIsAQuarterOfAConfiguredCache() {
        MemoryBudget budget = MemoryBudget.resolve(new VigilConfig.RocksDb(100 * MIB, null), facts(4096, 1024));
        assertThat(budget.writeBufferBytes()).isEqualTo(25 * MIB);
    }

    @Test
    void theRunningJvmReportsALimitAtLeastItsHeap() {
        MemoryBudget.Facts jvm = JvmMemory.read();
        assertThat(jvm.heapMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
        assertThat(jvm.limitBytes()).isGreaterThanOrEqualTo(jvm.heapMaxBytes());
    }
}
