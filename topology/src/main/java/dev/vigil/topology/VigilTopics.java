package dev.vigil.topology;

import dev.vigil.config.VigilConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The external topics (docs/events.md, Topics) with their serdes. Input and dead letters are raw bytes:
 * the DLQ must carry the input record exactly as it arrived.
 */
record VigilTopics(TopicSpec<byte[], byte[]> input, TopicSpec<byte[], byte[]> deadLetters,
                          TopicSpec<byte[], byte[]> alerts) {

    public static VigilTopics from(VigilConfig.Topics topics) {
        return new VigilTopics(
                new TopicSpec<>(topics.input(), Serdes.ByteArray(), Serdes.ByteArray()),
                new TopicSpec<>(topics.dlq(), Serdes.ByteArray(), Serdes.ByteArray()),
                new TopicSpec<>(topics.alerts(), Serdes.ByteArray(), Serdes.ByteArray()));
    }
}
