package dev.vigil.bench;

/**
 * What the memory phase loads and how its Vigil child process is sized.
 *
 * @param entities      distinct live entities preloaded: half tasks, half leases
 * @param heapMb        the child JVM's {@code -Xmx}
 * @param blockCacheMb  {@code kafka.rocksdb.block_cache_bytes} in MiB; 0 = the configuration's default
 * @param writeBufferMb {@code kafka.rocksdb.write_buffer_bytes} in MiB; 0 = the configuration's default
 */
public record MemoryOptions(long entities, int heapMb, long blockCacheMb, long writeBufferMb) {
    public MemoryOptions {
        if (entities < 2) {
            throw new IllegalArgumentException("memory entities must be at least 2 (a task and a lease)");
        }
        if (heapMb < 64) {
            throw new IllegalArgumentException("memory heap must be at least 64 MB");
        }
        if (blockCacheMb < 0 || writeBufferMb < 0) {
            throw new IllegalArgumentException("RocksDB budgets must be >= 0 (0 = the configuration's default)");
        }
    }

    /** 1,000,000 entities (issue 6) in a 512 MiB heap, the configuration's RocksDB budget. */
    public static MemoryOptions defaults() {
        return new MemoryOptions(1_000_000, 512, 0, 0);
    }
}
