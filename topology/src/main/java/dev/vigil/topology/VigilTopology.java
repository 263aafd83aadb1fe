package dev.vigil.topology;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.codec.LeaseStateCodec;
import dev.vigil.aggregates.codec.PoolStateCodec;
import dev.vigil.aggregates.codec.SeriesBatchCodec;
import dev.vigil.aggregates.codec.SeriesValueCodec;
import dev.vigil.aggregates.codec.StepStateCodec;
import dev.vigil.aggregates.codec.TaskStateCodec;
import dev.vigil.alerting.AlertInstanceCodec;
import dev.vigil.alerting.Rule;
import dev.vigil.config.VigilConfig;
import dev.vigil.serdes.AgentEventSerde;
import dev.vigil.serdes.CloudEventParser;
import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.topology.dedup.DedupProcessor;
import dev.vigil.topology.entity.EntityStateProcessor;
import dev.vigil.topology.ingest.DeadLetterProcessor;
import dev.vigil.topology.ingest.EntityHome;
import dev.vigil.topology.ingest.KeyByEntityProcessor;
import dev.vigil.topology.ingest.ParseProcessor;
import dev.vigil.topology.ingest.Parsed;
import dev.vigil.topology.ingest.Routed;
import dev.vigil.topology.series.GroupPartitioner;
import dev.vigil.topology.series.AlertListener;
import dev.vigil.topology.series.SeriesProcessor;
import dev.vigil.topology.tracing.IngestTracing;
import java.time.Duration;
import java.util.List;
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
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Vigil topology.
 *
 * <p>Reads CloudEvents from the input topic ({@code topics.input}, default {@code agent-events});
 * writes every record that cannot be accepted, byte for byte plus error headers, to the dead-letter
 * topic ({@code topics.dlq}, default {@code agent-events-dlq}); re-keys valid events by entity,
 * sending those not already in their entity's partition through the internal topic
 * {@code <application.id>-events-by-entity-repartition}; drops repeats
 * of (source, id) within the dedup horizon; applies each event to its entity's state (task, step,
 * lease, pool); and sends the resulting series updates, keyed by metric group, through
 * {@code <application.id>-series-updates-repartition} to the series store that {@code /metrics}
 * renders. docs/aggregates.md gives the semantics.
 *
 * <p>Every processor, store and internal topic is named here: internal topic names are an upgrade
 * contract.
 */
public final class VigilTopology {
    /** Internal repartition topic (suffix): valid events keyed by entity id. */
    public static final String EVENTS_BY_ENTITY = "events-by-entity";

    private VigilTopology() {
    }

    /** Internal repartition topic (suffix): series updates keyed by metric group. */
    public static final String SERIES_UPDATES = "series-updates";

    public static Topology build(TopologySettings settings) {
        return build(settings, IngestTracing.off());
    }

    /** As {@link #build(TopologySettings)}, with a span per input record when {@code tracing} is on (docs/observability.md). */
    public static Topology build(TopologySettings settings, IngestTracing tracing) {
        return build(settings, tracing, new RefusedInputs());
    }

    /**
     * As {@link #build(TopologySettings, IngestTracing)}; {@code refused} are the input records whose
     * dead letter the broker refused, which the dead-letter stage then counts without writing.
     */
    public static Topology build(TopologySettings settings, IngestTracing tracing, RefusedInputs refused) {
        return build(settings, tracing, refused, TimestampWindow.ANY);
    }

    /**
     * As {@link #build(TopologySettings, IngestTracing, RefusedInputs)}; {@code deadLetterTimestamps}
     * are the timestamps the dead-letter topic accepts, as read at start-up: a dead letter outside is
     * counted and logged, not written.
     */
    public static Topology build(TopologySettings settings, IngestTracing tracing, RefusedInputs refused,
                                 TimestampWindow deadLetterTimestamps) {
        return build(settings, tracing, refused, deadLetterTimestamps, AlertListener.NONE);
    }

    /**
     * As {@link #build(TopologySettings, IngestTracing, RefusedInputs, TimestampWindow)}; {@code alerts} is told
     * of each alert event as the series stage emits it (it must not block: {@link AlertListener}).
     */
    public static Topology build(TopologySettings settings, IngestTracing tracing, RefusedInputs refused,
                                 TimestampWindow deadLetterTimestamps, AlertListener alerts) {
        VigilConfig config = settings.config();
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, AgentEvent> events = ingest(builder, config, settings.inputPartitions(), tracing, refused,
                deadLetterTimestamps);
        aggregate(builder, events, settings.aggregates(), config.aggregates().dedupHorizon(), settings.rules(),
                config.kafka().applicationId(), VigilTopics.from(config.topics()), alerts);
        return builder.build();
    }

    /**
     * Entity stage → repartition by metric group → series stage (docs/aggregates.md).
     */
    static void aggregate(StreamsBuilder builder, KStream<String, AgentEvent> events, AggregatesSettings settings,
                          Duration retention, List<Rule> rules, String applicationId, VigilTopics topics,
                          AlertListener alerts) {
        builder.addStateStore(keyValue(StoreNames.TASK_STATE, CodecSerde.of(TaskStateCodec.CODEC)));
        builder.addStateStore(keyValue(StoreNames.STEP_STATE, CodecSerde.of(StepStateCodec.CODEC)));
        builder.addStateStore(keyValue(StoreNames.LEASE_STATE, CodecSerde.of(LeaseStateCodec.CODEC)));
        builder.addStateStore(uncachedKeyValue(StoreNames.LEASE_EXPIRY, Serdes.ByteArray()));
        builder.addStateStore(keyValue(StoreNames.POOL_STATE, CodecSerde.of(PoolStateCodec.CODEC)));
        builder.addStateStore(uncachedKeyValue(StoreNames.ENTITY_RETIREMENT, Serdes.ByteArray()));
        builder.addStateStore(keyValue(StoreNames.SERIES, CodecSerde.of(SeriesValueCodec.CODEC)));
        builder.addStateStore(keyValue(StoreNames.ALERT_STATE, CodecSerde.of(AlertInstanceCodec.CODEC)));
        builder.addStateStore(keyValue(StoreNames.ALERT_OUTCOMES, Serdes.Long()));
        builder.addStateStore(keyValue(StoreNames.SERIES_CLOCK, Serdes.Long()));

        events.process(() -> new EntityStateProcessor(settings, retention), Named.as("entity-state"),
                        StoreNames.TASK_STATE, StoreNames.STEP_STATE, StoreNames.LEASE_STATE,
                        StoreNames.LEASE_EXPIRY, StoreNames.POOL_STATE, StoreNames.ENTITY_RETIREMENT,
                        StoreNames.EVENT_CLOCK)
                // Every series must live in exactly one partition, so that instances expose
                // disjoint series and the cardinality cap sees a whole metric: key by group.
                .repartition(Repartitioned.with(Serdes.String(), CodecSerde.of(SeriesBatchCodec.CODEC))
                        .withStreamPartitioner(new GroupPartitioner()).withName(SERIES_UPDATES))
                .process(() -> new SeriesProcessor(settings, rules, applicationId, alerts), Named.as("series"),
                        StoreNames.SERIES, StoreNames.ALERT_STATE, StoreNames.ALERT_OUTCOMES, StoreNames.SERIES_CLOCK)
                // Alert transitions, as structured CloudEvents keyed by fingerprint (docs/alerting.md, Alert events).
                .to(topics.alerts().name(), topics.alerts().produced("alerts-sink"));
    }

    private static StoreBuilder<WindowStore<String, byte[]>> dedupSeen(Duration horizon) {
        // Windows of 1 ms: the store is used as a time-indexed set (an id at the time it was
        // accepted), with retention doing the expiry. No record cache: every key is new, so the
        // cache would coalesce nothing and only cost its bookkeeping (in the first profile after the
        // cache was enabled, flushing this store's cache took 5 % of the stream thread).
        // Retention one millisecond past the horizon: the store hides entries older than its own
        // stream time minus the retention, and an id accepted exactly one horizon ago still counts.
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.DEDUP_SEEN, horizon.plusMillis(1), Duration.ofMillis(1),
                        false),
                Serdes.String(), Serdes.ByteArray()).withLoggingEnabled(ChangelogConfigs.dedup());
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> keyValue(String name, Serde<V> valueSerde) {
        // The record cache coalesces repeated writes of a key (a hot counter, a busy series) into one
        // changelog record per commit, instead of one per update.
        return uncachedKeyValue(name, valueSerde).withCachingEnabled();
    }

    /** For time-ordered indexes, whose keys are written once and deleted once: a cache would coalesce nothing. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> uncachedKeyValue(String name, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), valueSerde)
                .withLoggingEnabled(ChangelogConfigs.keyValue());
    }

    /**
     * Source → parse → (invalid → dead letters) | (valid → re-key by entity → (in the entity's
     * partition | repartition to it, unless {@code topics.input_keyed_by_entity}) → dedup).
     *
     * <p>{@code tracing} adds a span per input record when on; {@code refused} are the input records
     * whose dead letter the broker refused, which the dead-letter stage counts without writing.
     *
     * @return the accepted, deduplicated events keyed by entity id; each record keeps its input
     *         record's timestamp, and event time is the event's own ({@code AgentEvent.eventTimeMs()})
     */
    private static KStream<String, AgentEvent> ingest(StreamsBuilder builder, VigilConfig config,
                                                      int inputPartitions, IngestTracing tracing, RefusedInputs refused,
                                                      TimestampWindow deadLetterTimestamps) {
        VigilTopics topics = VigilTopics.from(config.topics());
        CloudEventParser parser = new CloudEventParser(config.topics().maxEventBytes(), config.aggregates().maxFutureSkew());
        Serde<AgentEvent> eventSerde = new AgentEventSerde();

        builder.addStateStore(counts(StoreNames.INGEST_OUTCOMES));
        builder.addStateStore(counts(StoreNames.DEDUP_OUTCOMES));
        builder.addStateStore(dedupSeen(config.aggregates().dedupHorizon()));
        builder.addStateStore(keyValue(StoreNames.EVENT_CLOCK, Serdes.Long()));

        Map<String, KStream<byte[], Parsed>> routes = builder
                .stream(topics.input().name(), topics.input().consumed("ingest-source"))
                .processValues(() -> new ParseProcessor(parser, tracing), Named.as("parse"))
                .split(Named.as("route-"))
                .branch((key, parsed) -> parsed.valid(), Branched.as("valid"))
                .defaultBranch(Branched.as("invalid"));

        routes.get("route-invalid")
                .processValues(() -> new DeadLetterProcessor(refused, deadLetterTimestamps), Named.as("dead-letter"),
                        StoreNames.INGEST_OUTCOMES)
                .to(topics.deadLetters().name(), topics.deadLetters().produced("dead-letter-sink"));

        EntityHome home = inputPartitions > 0 ? new EntityHome(inputPartitions) : null;
        KStream<String, Routed> keyed = routes.get("route-valid")
                .process(() -> new KeyByEntityProcessor(home), Named.as("key-by-entity"));
        KStream<String, AgentEvent> byEntity;
        if (config.topics().inputKeyedByEntity()) {
            // The producers promise to key by entity (topics.input_keyed_by_entity): the input
            // partition is the entity's, so no record is checked or moved.
            byEntity = keyed.mapValues(Routed::event, Named.as("keyed-event"));
        } else {
            // Events of one entity must meet in one task whatever key the producer chose: per-entity
            // state and dedup both depend on it. Only records outside their entity's partition cross
            // events-by-entity, which places them where their entity's keyed records already are.
            Map<String, KStream<String, Routed>> sides = keyed.split(Named.as("entity-"))
                    .branch((key, routed) -> routed.home(), Branched.as("home"))
                    .defaultBranch(Branched.as("away"));
            Repartitioned<String, AgentEvent> toHome = Repartitioned.with(Serdes.String(), eventSerde)
                    .withName(EVENTS_BY_ENTITY);
            if (home != null) {
                toHome = toHome.withStreamPartitioner(home).withNumberOfPartitions(home.partitions());
            }
            KStream<String, AgentEvent> arrived = sides.get("entity-away")
                    .mapValues(Routed::event, Named.as("away-event"))
                    .repartition(toHome);
            byEntity = sides.get("entity-home").mapValues(Routed::event, Named.as("home-event"))
                    .merge(arrived, Named.as("at-home"));
        }
        return byEntity.process(() -> new DedupProcessor(config.aggregates().dedupHorizon()), Named.as("dedup"),
                StoreNames.DEDUP_SEEN, StoreNames.DEDUP_OUTCOMES, StoreNames.EVENT_CLOCK);
    }

    private static StoreBuilder<KeyValueStore<String, Long>> counts(String name) {
        return keyValue(name, Serdes.Long());
    }
}
