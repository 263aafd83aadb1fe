package dev.vigil.app.cluster;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

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
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return new Unavailable("Kafka Streams is " + streams.state());
        }
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (RuntimeException e) {
            return new Unavailable(e.getMessage());
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Unavailable("no owner for the key yet");
        }
        return self.equals(metadata.activeHost()) ? new Local(metadata.partition()) : new Remote(metadata.activeHost());
    }

    /** Whether this instance owns the active task of the key's partition. */
    public boolean ownsLocally(String store, String key) {
        return route(store, key) instanceof Local;
    }
}
