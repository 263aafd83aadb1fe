package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.app.VigilApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dead letter the dead-letter topic would refuse is logged and does not stop Vigil, under either
 * guarantee. The dead-letter topic here refuses timestamps more than a minute old, while the input
 * topic takes them: a bad input record published ten minutes ago cannot be dead-lettered with its own
 * timestamp. Vigil reads the topic's limits at start-up, counts and logs that dead letter instead of
 * sending it, stays ready and goes on with the records after it. (When the broker refuses a record
 * anyway, {@code StreamThreadFailures} and {@code RefusedInputs} take over; see their tests.)
 */
class RefusedRecordIntegrationTest extends BrokerIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
    void aRefusedDeadLetterDoesNotStopProcessing(String guarantee) throws Exception {
        TestTopics topics = TestTopics.unique();
        broker.createTopic(topics.input(), 1, Map.of());
        broker.createTopic(topics.dlq(), 1, Map.of("message.timestamp.type", "CreateTime",
                "message.timestamp.before.max.ms", "60000"));
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(broker.clientProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topics.input(), 0, now - Duration.ofMinutes(10).toMillis(),
                    null, utf8("not a cloud event"))).get();
            RecordHeaders headers = new RecordHeaders();
            headers.add("ce_specversion", utf8("1.0"));
            headers.add("ce_id", utf8("evt-after"));
            headers.add("ce_source", utf8("it"));
            headers.add("ce_type", utf8("agent.task.status_changed"));
            headers.add("content-type", utf8("application/json"));
            producer.send(new ProducerRecord<>(topics.input(), 0, now, utf8("t-1"),
                    utf8("{\"task_id\":\"t-1\",\"status\":\"submitted\"}"), headers)).get();
        }

        // Kafka Streams replaces a stream thread by rethrowing its exception on the dead thread, and
        // Awaitility would report that as this test's failure; replacing the thread is the expected
        // recovery here, and what counts is what the assertions below check.
        Awaitility.doNotCatchUncaughtExceptionsByDefault();
        try (VigilApp app = VigilApp.start(config(topics,
                Map.of("VIGIL_KAFKA_PROCESSING_GUARANTEE", guarantee)))) {
            int port = app.httpPort();
            awaitReady(port);
            await("the event after the refused dead letter is counted").atMost(TIMEOUT)
                    .until(() -> metrics(port).contains("task_total{status=\"submitted\"} 1"));
            assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(200);
            // Counted once as a dead letter (under exactly-once the first, aborted pass left no trace) ...
            assertThat(PrometheusText.series(metrics(port), "vigil_dlq_total", "reason"))
                    .isEqualTo(Map.of("not_cloudevent", 1L));
            // ... and logged, but not on the dead-letter topic, which refuses it.
            assertThat(committedRecords(topics.dlq())).isZero();
        } finally {
            Awaitility.reset();
        }
    }

    /**
     * The committed records of partition 0, read up to its end offset (under exactly-once an
     * aborted transaction leaves a marker there, but no record a reader sees).
     */
    private static long committedRecords(String topic) {
        TopicPartition p = new TopicPartition(topic, 0);
        Map<String, Object> props = broker.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p)).get(p);
            long[] seen = {0};
            await(topic + " read to its end").atMost(TIMEOUT).until(() -> {
                seen[0] += consumer.poll(Duration.ofMillis(200)).count();
                return consumer.position(p) >= end;
            });
            return seen[0];
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
