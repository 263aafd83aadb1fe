package dev.vigil.app.kafka;

import dev.vigil.config.VigilConfig;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** Kafka Streams properties derived from the typed configuration; nothing else builds them. */
public final class StreamsProperties {
    private StreamsProperties() {
    }

    /**
     * @param maxRequestBytes the producer's {@code max.request.size}: large enough for the biggest
     *                        input record plus error headers, so any record can be dead-lettered
     */
    public static Properties from(VigilConfig config, long maxRequestBytes) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.kafka().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.kafka().processingGuarantee().wireName());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Long.toString(maxRequestBytes));
        // The user's pass-through properties come last and win (SASL, TLS, state.dir, tuning).
        props.putAll(config.kafka().properties());
        return props;
    }
}
