package dev.vigil.app.metrics;

import dev.vigil.topology.BoundedRocksDbMemory;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * {@code vigil_rocksdb_block_cache_usage_bytes} and {@code _capacity_bytes}: RocksDB's memory, which
 * is one block cache for every store of the process (memtables charged to it; see
 * {@link BoundedRocksDbMemory}). Kafka Streams' own per-store RocksDB metrics would report that
 * shared cache once per store, so their sum is wrong; they also appear only once Micrometer's
 * periodic refresh finds the stores.
 */
public final class RocksDbMemoryCollector implements MultiCollector {
    static final String USAGE_HELP = "Bytes in use in RocksDB's shared block cache (blocks and the memtables charged to it).";
    static final String CAPACITY_HELP = "Capacity of RocksDB's shared block cache (kafka.rocksdb.block_cache_bytes); "
            + "0 until the first store opens.";

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                gauge("vigil_rocksdb_block_cache_usage_bytes", USAGE_HELP, BoundedRocksDbMemory.blockCacheUsageBytes()),
                gauge("vigil_rocksdb_block_cache_capacity_bytes", CAPACITY_HELP,
                        BoundedRocksDbMemory.blockCacheCapacityBytes()));
    }

    private static GaugeSnapshot gauge(String name, String help, long bytes) {
        return GaugeSnapshot.builder().name(name).help(help).unit(Unit.BYTES)
                .dataPoint(GaugeDataPointSnapshot.builder().value(bytes).build())
                .build();
    }
}
