package dev.vigil.topology;

import dev.vigil.config.VigilConfig;
import dev.vigil.serdes.AgentEventSerde;
import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.topology.dedup.DedupProcessor;
import dev.vigil.topology.ingest.DeadLetterProcessor;
import dev.vigil.topology.ingest.KeyByEntityProcessor;
import dev.vigil.topology.ingest.ParseProcessor;
import dev.vigil.topology.ingest.Parsed;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Vigil topology.
 *
 * <p>Reads CloudEvents from the input topic ({@code topics.input}, default {@code agent-events});
 * writes every record that cannot be accepted, byte for byte plus error headers, to the dead-letter
 * topic ({@code topics.dlq}, default {@code agent-events-dlq}); re-keys valid events by entity
 * through the internal topic {@code <application.id>-events-by-entity-repartition}; drops repeats
 * of (source, id) within the dedup horizon; and yields a typed stream keyed by entity id for the
 * aggregates.
 *
 * <p>Every processor, store and internal topic is named here: internal topic names are an upgrade
 * contract.
 */
public final class VigilTopology {
    /** Internal repartition topic (suffix): valid events keyed by entity id. */
    public static final String EVENTS_BY_ENTITY = "events-by-entity";

    private VigilTopology() {
    }

    public static Topology build(VigilConfig config) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, AgentEvent> events = ingest(builder, config);
        // The aggregates of CONTRACT §3 attach to `events` (next issue); until then it ends here.
        return builder.build();
    }

    /**
     * Source → parse → (invalid → dead letters) | (valid → re-key by entity → repartition → dedup).
     *
     * @return the accepted, deduplicated events keyed by entity id, timestamped with event time
     */
    public static KStream<String, AgentEvent> ingest(StreamsBuilder builder, VigilConfig config) {
        VigilTopics topics = VigilTopics.from(config.topics());
        CloudEventParser parser = new CloudEventParser(config.topics().maxEventBytes());
        Serde<AgentEvent> eventSerde = new AgentEventSerde();

        builder.addStateStore(counts(StoreNames.INGEST_OUTCOMES));
        builder.addStateStore(counts(StoreNames.DEDUP_OUTCOMES));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DEDUP_IDS), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DEDUP_EXPIRY), Serdes.String(), Serdes.ByteArray()));

        Map<String, KStream<byte[], Parsed>> routes = builder
                .stream(topics.input().name(), topics.input().consumed("ingest-source"))
                .processValues(() -> new ParseProcessor(parser), Named.as("parse"))
                .split(Named.as("route-"))
                .branch((key, parsed) -> parsed.valid(), Branched.as("valid"))
                .defaultBranch(Branched.as("invalid"));

        routes.get("route-invalid")
                .processValues(DeadLetterProcessor::new, Named.as("dead-letter"), StoreNames.INGEST_OUTCOMES)
                .to(topics.deadLetters().name(), topics.deadLetters().produced("dead-letter-sink"));

        return routes.get("route-valid")
                .process(KeyByEntityProcessor::new, Named.as("key-by-entity"))
                // Events of one entity must meet in one task whatever key the producer chose:
                // per-entity state and dedup both depend on it.
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(EVENTS_BY_ENTITY))
                .process(() -> new DedupProcessor(config.aggregates().dedupHorizon()), Named.as("dedup"),
                        StoreNames.DEDUP_IDS, StoreNames.DEDUP_EXPIRY, StoreNames.DEDUP_OUTCOMES);
    }

    private static StoreBuilder<KeyValueStore<String, Long>> counts(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long());
    }
}
