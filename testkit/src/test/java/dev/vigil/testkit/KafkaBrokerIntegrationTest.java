package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class KafkaBrokerIntegrationTest {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerIntegrationTest.class);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** Shared by the tests that do not stop the broker. */
    private static KafkaBroker shared;

    @BeforeAll
    static void startSharedBroker() {
        long start = System.nanoTime();
        shared = KafkaBroker.start();
        LOG.info("Shared broker started in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void closeSharedBroker() {
        if (shared != null) {
            shared.close();
        }
    }

    @Test
    void recordRoundTripsThroughATopicWithThreePartitions() throws Exception {
        shared.createTopic("round-trip", 3, Map.of("cleanup.policy", "compact"));

        try (Admin admin = shared.createAdmin()) {
            TopicDescription description = admin.describeTopics(List.of("round-trip"))
                    .allTopicNames().get().get("round-trip");
            assertThat(description.partitions()).hasSize(3);
        }

        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps(shared))) {
            sent = producer.send(new ProducerRecord<>("round-trip", "agent-7", "hello")).get();
        }

        List<ConsumerRecord<String, String>> records =
                readUntil(shared, "round-trip", "read_uncommitted", 1);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("agent-7");
            assertThat(record.value()).isEqualTo("hello");
            assertThat(record.partition()).isEqualTo(sent.partition());
            assertThat(record.offset()).isEqualTo(sent.offset());
        });
    }

    @Test
    void readCommittedConsumerSeesCommittedButNotAbortedTransactions() {
        shared.createTopic("transactions", 1);

        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(transactionalProducerProps(shared))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "k", "committed"));
            producer.commitTransaction();
        }

        // The aborted record comes first in the log, so it would be read before the committed one.
        List<ConsumerRecord<String, String>> records =
                readUntil(shared, "transactions", "read_committed", 1);
        assertThat(values(records)).containsExactly("committed");
    }

    @Test
    void createTopicRejectsAnExistingTopicUnlessAskedToAcceptIt() {
        shared.createTopic("existing", 2);

        assertThatThrownBy(() -> shared.createTopic("existing", 2))
                .isInstanceOf(KafkaBrokerException.class)
                .hasMessageContaining("already exists");
        assertThat(shared.createTopicIfMissing("existing", 2, Map.of())).isFalse();
        assertThat(shared.createTopicIfMissing("missing", 2, Map.of())).isTrue();
        assertThatThrownBy(() -> shared.createTopicIfMissing("existing", 5, Map.of()))
                .isInstanceOf(KafkaBrokerException.class)
                .hasMessageContaining("2 partitions");
    }

    @Test
    void killThenRestartKeepsCommittedDataAndAddress() {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopic("durable", 1);
            try (KafkaProducer<String, String> producer =
                         new KafkaProducer<>(transactionalProducerProps(broker))) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("durable", "k", "before-crash"));
                producer.commitTransaction();
            }
            // Visible to read_committed before the crash: the commit markers are on disk, not only
            // promised by the coordinator (which writes them asynchronously after EndTxn).
            assertThat(values(readUntil(broker, "durable", "read_committed", 1))).containsExactly("before-crash");
            String bootstrap = broker.bootstrapServers();
            long firstPid = broker.pid();
            assertThat(isAlive(firstPid)).isTrue();

            broker.kill();

            assertThat(isAlive(firstPid)).as("the killed broker JVM is gone").isFalse();
            assertThat(broker.isRunning()).isFalse();

            long start = System.nanoTime();
            broker.restart();
            LOG.info("Broker restarted after SIGKILL in {} ms", (System.nanoTime() - start) / 1_000_000);

            assertThat(broker.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(broker.pid()).isNotEqualTo(firstPid);
            List<ConsumerRecord<String, String>> records =
                    readUntil(broker, "durable", "read_committed", 1);
            assertThat(values(records)).containsExactly("before-crash");
        }
    }

    @Test
    void closeStopsTheProcessAndDeletesTheTemporaryDataDirectory() {
        KafkaBroker broker = KafkaBroker.start();
        Path dataDir = broker.dataDir();
        long pid = broker.pid();
        assertThat(isAlive(pid)).isTrue();
        assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).exists();
        assertThat(broker.logFile()).exists().startsWith(dataDir);

        broker.close();

        assertThat(isAlive(pid)).isFalse();
        assertThat(dataDir).doesNotExist();
        broker.close(); // idempotent
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void brokerThatExitsWhileStartingIsReportedWithTheLogTail() {
        KafkaBroker.Options options = KafkaBroker.Options.defaults()
                .withExtraServerProperty("authorizer.class.name", "dev.vigil.NoSuchAuthorizer");

        assertThatThrownBy(() -> KafkaBroker.start(options))
                .isInstanceOf(KafkaBrokerException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("last 40 lines")
                // Only the broker log mentions the class it could not load.
                .hasMessageContaining("dev.vigil.NoSuchAuthorizer");
    }

    @Test
    void invalidConfigurationFailsFormattingWithTheLogTail() {
        KafkaBroker.Options options = KafkaBroker.Options.defaults()
                .withExtraServerProperty("num.io.threads", "many");

        assertThatThrownBy(() -> KafkaBroker.start(options))
                .isInstanceOf(KafkaBrokerException.class)
                .hasMessageContaining("Formatting")
                .hasMessageContaining("num.io.threads");
    }

    @Test
    void givenDataDirectoryIsKeptAndReused(@TempDir Path dir) {
        Path dataDir = dir.resolve("broker");
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                .withDataDir(dataDir))) {
            broker.createTopic("kept", 1);
        }
        assertThat(dataDir.resolve("kafka-logs").resolve("meta.properties")).exists();

        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                .withDataDir(dataDir))) {
            assertThat(broker.createTopicIfMissing("kept", 1, Map.of())).isFalse();
        }
        assertThat(Files.exists(dataDir)).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> producerProps(KafkaBroker broker) {
        Map<String, Object> props = broker.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private static Map<String, Object> transactionalProducerProps(KafkaBroker broker) {
        Map<String, Object> props = producerProps(broker);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "testkit-" + UUID.randomUUID());
        return props;
    }

    /** Reads every partition of the topic from the beginning until {@code count} records arrived. */
    private static List<ConsumerRecord<String, String>> readUntil(KafkaBroker broker, String topic,
                                                                  String isolationLevel, int count) {
        Map<String, Object> props = broker.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(READ_TIMEOUT).pollInSameThread().pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                        return records.size() >= count;
                    });
        }
        return records;
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }
}
