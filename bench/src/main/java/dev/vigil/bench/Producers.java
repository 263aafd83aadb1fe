package dev.vigil.bench;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The driver's Kafka producers: every one idempotent with {@code acks=all}, so no record is lost or doubled. */
public final class Producers {
    private Producers() {
    }

    /** A producer for timed sends (alert probes, background load): small batches, a short linger. */
    public static KafkaProducer<byte[], byte[]> paced(String bootstrap, String clientId, int lingerMs) {
        return paced(bootstrap, clientId, lingerMs, Map.of());
    }

    /** As {@link #paced(String, String, int)}, with further producer properties (e.g. a longer delivery timeout). */
    public static KafkaProducer<byte[], byte[]> paced(String bootstrap, String clientId, int lingerMs,
                                                      Map<String, Object> extra) {
        Map<String, Object> config = base(bootstrap, clientId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        config.putAll(extra);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A producer for unthrottled preloads: large batches, so the broker, not the client, sets the pace. */
    public static KafkaProducer<byte[], byte[]> bulk(String bootstrap, String clientId) {
        Map<String, Object> config = base(bootstrap, clientId);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Map<String, Object> base(String bootstrap, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }
}
