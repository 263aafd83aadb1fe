package dev.vigil.topology.series;

import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.series.SeriesBatch;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Places each metric group on its own partition of {@code series-updates}, busiest first, instead
 * of hashing five short names (murmur2 puts all five on partition 0 of 2, and on two partitions of
 * 4). Groups share partitions only when there are fewer partitions than groups.
 *
 * <p>The mapping is an upgrade contract: changing it would move series to partitions whose stores
 * do not hold them. Interactive Queries must route series-store lookups with this same partitioner.
 */
public final class GroupPartitioner implements StreamPartitioner<String, SeriesBatch> {
    /** By expected update volume: steps and calls carry most events, so they come apart first. */
    static final List<MetricGroup> ORDER = List.of(MetricGroup.STEPS, MetricGroup.CALLS, MetricGroup.TASKS,
            MetricGroup.POOLS, MetricGroup.VIGIL);

    public static int partitionOf(String group, int numPartitions) {
        MetricGroup g = MetricGroup.fromWireName(group)
                .orElseThrow(() -> new IllegalArgumentException("unknown metric group '" + group + "'"));
        return ORDER.indexOf(g) % numPartitions;
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, SeriesBatch value, int numPartitions) {
        return Optional.of(Set.of(partitionOf(key, numPartitions)));
    }
}
