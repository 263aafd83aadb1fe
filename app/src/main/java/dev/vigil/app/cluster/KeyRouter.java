package dev.vigil.app.cluster;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.HostInfo;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.topology.StoreNames;
import dev.vigil.topology.series.GroupPartitioner;

/**
 * Finds which instance owns a store key (Interactive Queries metadata, from every instance's
 * {@code application.server}): this one, another one, or none while the group rebalances.
 */
public final class KeyRouter {
    /** Where a key lives. */
    public sealed interface Route {
    }

    /** Here, in the active task of {@code partition}. */
    public record Local(int partition) implements Route {
    }

    /** On another instance, reachable at its {@code application.server}. */
    public record Remote(HostInfo host) implements Route {
    }

    /** Unknown right now (rebalancing, starting): answer 503 and retry. */
    public record Unavailable(String why) implements Route {
    }

    private static final Serializer<String> KEYS = Serdes.String().serializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public KeyRouter(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    public HostInfo self() {
        return self;
    }

    public Route route(String store, String key) {
        return route(store, key, null);
    }

    /**
     * @param partitioner the partitioner that placed the store's keys, or null for Kafka's default
     *                    (murmur2 of the serialized key)
     */
    public Route route(String store, String key, StreamPartitioner<String, ?> partitioner) {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable("Kafka Streams is " + streams.state());
        }
        KeyQueryMetadata metadata;
        try {
            metadata = partitioner == null ? streams.queryMetadataForKey(store, key, KEYS)
                    : streams.queryMetadataForKey(store, key, partitioner);
        } catch (RuntimeException e) {
            return new Unavailable(e.getMessage());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unavailable("no owner for the key yet");
        }
        return self.equals(metadata.activeHost()) ? new Local(metadata.partition()) : new Remote(metadata.activeHost());
    }

    /** Where the series of a metric group live (the series store is placed by {@link GroupPartitioner}). */
    public Route routeGroup(MetricGroup group) {
        return route(StoreNames.SERIES, group.wireName(), GROUPS);
    }

    private static final GroupPartitioner GROUPS = new GroupPartitioner();
}
