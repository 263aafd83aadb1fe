package dev.vigil.app.memory;

import dev.vigil.config.VigilConfig;
import java.util.Locale;

/**
 * How the process's memory limit is shared, resolved once at start-up:
 * <pre>
 *   limit = heap (-Xmx, or -XX:MaxRAMPercentage of the limit) + RocksDB budget + JVM overhead
 * </pre>
 * The RocksDB budget ({@code kafka.rocksdb.block_cache_bytes}, which bounds the block cache, the
 * index and filter blocks and the memtables of every store) is off-heap, so a heap sized from the
 * limit alone (the JVM's default) leaves it no room and the container is OOM-killed. With
 * {@code auto} the budget is what the limit leaves after the heap and {@link #JVM_OVERHEAD_BYTES},
 * at most {@link #AUTO_MAX_BYTES} (more cache buys little for Vigil's access pattern, see
 * BENCHMARKS.md) and at least {@link #AUTO_MIN_BYTES} (below that, start-up fails and says why);
 * the memtables' share ({@code write_buffer_bytes: auto}) is a quarter of it.
 *
 * <p>Usage: {@code MemoryBudget.resolve(config.kafka().rocksdb(), JvmMemory.read())}; pure, no I/O.
 *
 * @param limitBytes       the memory limit the JVM sees (container limit, {@code -XX:MaxRAM}, or RAM)
 * @param limitSource      where the limit came from, for the start-up log
 * @param heapMaxBytes     the heap's maximum ({@code Runtime.maxMemory()})
 * @param blockCacheBytes  the RocksDB budget in effect
 * @param writeBufferBytes of which memtables
 * @param auto             true when the budget was derived here rather than configured
 */
public record MemoryBudget(long limitBytes, String limitSource, long heapMaxBytes, long blockCacheBytes,
                           long writeBufferBytes, boolean auto) {
    private static final long MIB = 1L << 20;
    /**
     * Everything besides the heap and RocksDB's budget: metaspace, code cache, thread stacks, GC
     * structures, direct buffers, malloc arenas. Measured at about 150 MiB of JVM non-heap plus
     * ~30 MiB of native allocation outside RocksDB's cache (BENCHMARKS.md, memory); rounded up.
     */
    public static final long JVM_OVERHEAD_BYTES = 256 * MIB;
    public static final long AUTO_MAX_BYTES = 512 * MIB;
    public static final long AUTO_MIN_BYTES = 64 * MIB;

    /** The facts the budget depends on, read from the running JVM by {@link JvmMemory}. */
    public record Facts(long limitBytes, String limitSource, long heapMaxBytes) {
    }

    /**
     * @throws IllegalStateException when {@code auto} leaves RocksDB less than {@link #AUTO_MIN_BYTES},
     *                               naming the numbers and the ways out
     */
    public static MemoryBudget resolve(VigilConfig.RocksDb configured, Facts facts) {
        long cache;
        boolean auto = configured.blockCacheBytes() == null;
        if (auto) {
            long left = facts.limitBytes() - facts.heapMaxBytes() - JVM_OVERHEAD_BYTES;
            if (left < AUTO_MIN_BYTES) {
                throw new IllegalStateException(String.format(Locale.ROOT, "memory: the limit (%d MiB, %s) minus the "
                        + "heap (%d MiB) and the JVM's overhead (%d MiB) leaves %d MiB for RocksDB, less than %d MiB: "
                        + "raise the memory limit, lower the heap (-XX:MaxRAMPercentage or -Xmx in JAVA_OPTS), or set "
                        + "kafka.rocksdb.block_cache_bytes (docs/configuration.md, Memory)",
                        facts.limitBytes() / MIB, facts.limitSource(), facts.heapMaxBytes() / MIB,
                        JVM_OVERHEAD_BYTES / MIB, left / MIB, AUTO_MIN_BYTES / MIB));
            }
            cache = Math.min(AUTO_MAX_BYTES, left);
        } else {
            cache = configured.blockCacheBytes();
        }
        long buffers = configured.writeBufferBytes() != null ? Math.min(configured.writeBufferBytes(), cache) : cache / 4;
        return new MemoryBudget(facts.limitBytes(), facts.limitSource(), facts.heapMaxBytes(), cache, buffers, auto);
    }

    /** Heap + RocksDB + overhead: what the process may use at most, by the formula. */
    public long plannedBytes() {
        return heapMaxBytes + blockCacheBytes + JVM_OVERHEAD_BYTES;
    }

    /** True when the plan exceeds the limit (only possible with a configured RocksDB budget or heap). */
    public boolean overcommitted() {
        return plannedBytes() > limitBytes;
    }

    /** One line for the start-up log. */
    public String describe() {
        return String.format(Locale.ROOT, "memory: limit %d MiB (%s) = heap max %d MiB + RocksDB %d MiB (%s; "
                        + "memtables %d MiB) + JVM overhead %d MiB%s",
                limitBytes / MIB, limitSource, heapMaxBytes / MIB, blockCacheBytes / MIB,
                auto ? "auto" : "kafka.rocksdb.block_cache_bytes", writeBufferBytes / MIB, JVM_OVERHEAD_BYTES / MIB,
                overcommitted() ? String.format(Locale.ROOT, ": %d MiB planned, MORE than the limit",
                        plannedBytes() / MIB)
                        : String.format(Locale.ROOT, " (%d MiB spare)", (limitBytes - plannedBytes()) / MIB));
    }
}
