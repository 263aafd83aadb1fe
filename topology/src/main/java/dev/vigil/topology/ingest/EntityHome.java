package dev.vigil.topology.ingest;

import dev.vigil.serdes.event.AgentEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partition an entity's events are processed in: the one Kafka's default producer partitioner
 * gives a record keyed by the entity key's UTF-8 bytes ({@code murmur2(key) mod partitions}, as
 * {@code BuiltInPartitioner.partitionForKey}).
 *
 * <pre>{@code
 * EntityHome home = new EntityHome(inputPartitions);
 * boolean atHome = home.partition(event.entityKey()) == recordMetadata.partition();
 * }</pre>
 *
 * <p>Because it is the producer's own function, a record its producer keyed by entity (docs/events.md,
 * Keys) is already in its entity's partition and goes straight to the entity stage; only the other
 * records cross {@code events-by-entity}, which this partitioner places with the same function. Both
 * paths therefore meet in one task per entity. The mapping depends on the partition count: adding
 * input partitions moves entities (an application reset, as for any keyed Kafka Streams state).
 */
public final class EntityHome implements StreamPartitioner<String, AgentEvent> {
    private final int partitions;

    /** @param partitions the input topic's partition count (also {@code events-by-entity}'s), > 0 */
    public EntityHome(int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("partitions must be > 0, got " + partitions);
        }
        this.partitions = partitions;
    }

    /** The partition of an entity key. */
    public int partition(String entityKey) {
        return Utils.toPositive(Utils.murmur2(entityKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public int partitions() {
        return partitions;
    }

    /**
     * The entity's partition of {@code events-by-entity}. Kafka Streams creates that topic with the
     * input's partition count ({@code withNumberOfPartitions}) and refuses to start when an existing
     * one has another, so {@code numPartitions} is not consulted.
     */
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, AgentEvent value, int numPartitions) {
        return Optional.of(Set.of(partition(key)));
    }
}
