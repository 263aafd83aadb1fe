package dev.vigil.app.kafka;

import dev.vigil.app.memory.MemoryBudget;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.BoundedRocksDbMemory;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties derived from the typed configuration; nothing else builds them. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    /**
     * @param maxRequestBytes the producer's {@code max.request.size}: large enough for the biggest
     *                        input record plus error headers, so any record can be dead-lettered
     * @param memory          the RocksDB budget resolved at start-up ({@code kafka.rocksdb}, {@code auto} sized)
     */
    public static Properties from(VigilConfig config, long maxRequestBytes, MemoryBudget memory) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.kafka().processingGuarantee().wireName());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Long.toString(maxRequestBytes));
        // One RocksDB memory budget for every store of the process (kafka.rocksdb); a user's own
        // rocksdb.config.setter in kafka.properties replaces it.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class.getName());
        props.put(BoundedRocksDbMemory.BLOCK_CACHE_BYTES, Long.toString(memory.blockCacheBytes()));
        props.put(BoundedRocksDbMemory.WRITE_BUFFER_BYTES, Long.toString(memory.writeBufferBytes()));
        // A record the broker refuses is logged and dropped rather than stopping the application
        // on every restart (RefusedRecordHandler says what that means under each guarantee).
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, RefusedRecordHandler.class.getName());
        // Internal topics (repartition, changelog) take the broker's append time: Vigil reads event
        // time from the values and never from their record timestamps, and the broker cannot refuse
        // an append-time record for its timestamp, however strict its timestamp settings are.
        props.put(StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG), "LogAppendTime");
        // A task reads its input partition and its events-by-entity partition (adaptive keying). With
        // Kafka Streams' default (0) a task whose events-by-entity partition is empty waits to learn
        // that partition's lag before processing its input: the drain was 13,220 records/s with it and
        // 17,573 without (bench/run -n 1000000 --phases eos, same build, one after the other). Vigil
        // orders nothing by record timestamp (each stage keeps its own event clock), so it never waits.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // The user's pass-through properties come last and win (SASL, TLS, state.dir, tuning).
        props.putAll(config.kafka().properties());
        return props;
    }
}
