package dev.vigil.topology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB state store in the process by one budget
 * ({@code kafka.rocksdb} in the configuration), instead of Kafka Streams' default of a block cache
 * and three write buffers per store, which grows with stores × partitions.
 *
 * <pre>{@code
 * props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
 * props.put(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, 512L << 20);
 * props.put(BoundedRocksDbMemory.WRITE_BUFFER_BYTES, 128L << 20);
 * }</pre>
 *
 * <p>All stores share one LRU block cache; index and filter blocks are cached in it (at high
 * priority, top level pinned) rather than held per table, and memtables are charged to it through
 * one shared {@link WriteBufferManager}, which flushes memtables when they reach their share. So
 * block cache + index/filter + memtables stay within {@code block.cache.bytes} whatever the number
 * of stores and partitions; what RocksDB uses beyond that (iterators pinning blocks, compaction
 * buffers) is small and transient.
 *
 * <p>Kafka Streams instantiates this class once per store, by reflection, so the shared objects
 * live in a static map keyed by the budget: every store of every Kafka Streams instance in the
 * JVM with the same budget shares them (two instances in one test JVM share one budget). They are
 * never closed: they must outlive every store that uses them, i.e. the process.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Streams property: bytes of the shared block cache, which bounds RocksDB's memory. */
    public static final String BLOCK_CACHE_BYTES = "vigil.rocksdb.block.cache.bytes";
    /** Streams property: bytes of the block cache that memtables may take. */
    public static final String WRITE_BUFFER_BYTES = "vigil.rocksdb.write.buffer.bytes";

    /** A tenth of the cache is reserved for index and filter blocks, so data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;

    private static final Map<Budget, Shared> SHARED = new ConcurrentHashMap<>();

    record Budget(long blockCacheBytes, long writeBufferBytes) {
    }

    /** The objects every store with one budget shares. */
    static final class Shared {
        final Cache cache;
        final WriteBufferManager writeBufferManager;

        private Shared(Budget budget) {
            cache = new LRUCache(budget.blockCacheBytes(), -1, false, HIGH_PRIORITY_RATIO);
            writeBufferManager = new WriteBufferManager(budget.writeBufferBytes(), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = shared(budget(configs));
        // Modify the table config Kafka Streams made, not a new one, to keep its other settings (bloom filter).
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBufferManager);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared with other stores: nothing to close per store.
    }

    /**
     * Bytes in use in the shared block caches of this process: data, index and filter blocks and the
     * memtables charged to them. 0 before the first store opens.
     */
    public static long blockCacheUsageBytes() {
        return SHARED.values().stream().mapToLong(s -> s.cache.getUsage()).sum();
    }

    /** The capacity of those caches: the configured budget, once a store uses it; 0 before. */
    public static long blockCacheCapacityBytes() {
        return SHARED.keySet().stream().mapToLong(Budget::blockCacheBytes).sum();
    }

    static Shared shared(Budget budget) {
        return SHARED.computeIfAbsent(budget, Shared::new);
    }

    static Budget budget(Map<String, Object> configs) {
        long cache = bytes(configs, BLOCK_CACHE_BYTES);
        long buffers = bytes(configs, WRITE_BUFFER_BYTES);
        if (buffers > cache) {
            throw new ConfigException(WRITE_BUFFER_BYTES, buffers, "must not exceed " + BLOCK_CACHE_BYTES + " ("
                    + cache + "): write buffers are charged to the block cache");
        }
        return new Budget(cache, buffers);
    }

    private static long bytes(Map<String, Object> configs, String name) {
        Object value = configs.get(name);
        if (value == null) {
            throw new ConfigException(name, null, "missing: " + BoundedRocksDbMemory.class.getSimpleName()
                    + " needs " + BLOCK_CACHE_BYTES + " and " + WRITE_BUFFER_BYTES);
        }
        try {
            long bytes = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().strip());
            if (bytes <= 0) {
                throw new ConfigException(name, value, "must be > 0");
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, value, "not a number of bytes");
        }
    }
}
