package dev.vigil.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The physical limit Vigil is judged against: a plain {@link KafkaConsumer} with byte-array
 * deserializers (which deserialise nothing), default settings, no consumer group, reading every
 * partition from the beginning to the end offsets taken at its start.
 */
final class RawDrain {
    record Result(long records, long bytes, double seconds) {
        double recordsPerSecond() {
            return records / seconds;
        }
    }

    private RawDrain() {
    }

    static Result run(String bootstrap, String topic, int partitions, Duration timeout) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<TopicPartition> tps = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        long records = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
            while (!reachedEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the raw consumer did not reach the end offsets within " + timeout);
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                records += batch.count();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    bytes += Math.max(0, r.serializedValueSize()) + Math.max(0, r.serializedKeySize());
                }
            }
        }
        return new Result(records, bytes, (System.nanoTime() - t0) / 1e9);
    }

    private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
