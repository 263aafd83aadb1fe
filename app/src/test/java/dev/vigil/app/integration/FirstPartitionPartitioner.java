package dev.vigil.app.integration;

import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;

/**
 * A producer partitioner that writes every record to partition 0, whatever its key: a producer that
 * does not key by entity, yet keeps one order, so the arrival order Vigil sees in every entity
 * partition is the send order and the simulator's truth stays exact. Entities whose home is
 * partition 0 stay there; the others cross {@code events-by-entity}.
 */
public final class FirstPartitionPartitioner implements Partitioner {
    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return 0;
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
