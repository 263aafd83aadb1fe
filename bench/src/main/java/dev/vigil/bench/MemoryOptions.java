package dev.vigil.bench;

/**
 * What the memory phase loads and how its Vigil child process is sized.
 *
 * @param entities      distinct live entities preloaded: half tasks, half leases
 * @param heapMb        the child JVM's {@code -Xmx}
 * @param blockCacheMb  {@code kafka.rocksdb.block_cache_bytes} in MiB; 0 = the configuration's default
 * @param writeBufferMb {@code kafka.rocksdb.write_buffer_bytes} in MiB; 0 = the configuration's default
 * @param limitMb       0: the child runs with {@code -Xmx<heapMb>m}; else with the image's JVM flags
 *                      ({@link #IMAGE_JAVA_OPTS}) and {@code -XX:MaxRAM=<limitMb>m}, as in a container
 *                      with that memory limit, and its RSS must stay below it
 */
public record MemoryOptions(long entities, int heapMb, long blockCacheMb, long writeBufferMb, long limitMb) {
    /** {@code JAVA_OPTS} of docker/Dockerfile (a test keeps the two equal). */
    public static final String IMAGE_JAVA_OPTS = "-XX:MaxRAMPercentage=50";

    public MemoryOptions {
        if (entities < 2) {
            throw new IllegalArgumentException("memory entities must be at least 2 (a task and a lease)");
        }
        if (heapMb < 64) {
            throw new IllegalArgumentException("memory heap must be at least 64 MB");
        }
        if (limitMb < 0) {
            throw new IllegalArgumentException("memory limit must be >= 0 (0 = none, -Xmx of the heap option)");
        }
        if (blockCacheMb < 0 || writeBufferMb < 0) {
            throw new IllegalArgumentException("RocksDB budgets must be >= 0 (0 = the configuration's default)");
        }
    }

    /** 1,000,000 entities (issue 6) in a 512 MiB heap, the configuration's RocksDB budget, no limit. */
    public static MemoryOptions defaults() {
        return new MemoryOptions(1_000_000, 512, 0, 0, 0);
    }

    /** The child JVM's memory flags: a heap of its own, or the image's flags under a limit. */
    public java.util.List<String> jvmFlags() {
        if (limitMb == 0) {
            return java.util.List.of("-Xmx" + heapMb + "m");
        }
        java.util.List<String> flags = new java.util.ArrayList<>(java.util.List.of(IMAGE_JAVA_OPTS.split(" ")));
        flags.add("-XX:MaxRAM=" + limitMb + "m");
        return java.util.List.copyOf(flags);
    }
}
