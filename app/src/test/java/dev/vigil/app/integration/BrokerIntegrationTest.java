package dev.vigil.app.integration;

import static org.awaitility.Awaitility.await;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.KafkaBroker;
import dev.vigil.testkit.TestJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the broker integration tests: one real single-node KRaft broker (a child JVM) per test
 * class, and helpers to configure Vigil against it, call its HTTP endpoints and read topics.
 * Each test uses its own topics and application id, so tests in a class do not interfere.
 */
abstract class BrokerIntegrationTest {
    static final Duration TIMEOUT = Duration.ofSeconds(90);
    static KafkaBroker broker;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Topic names and an application id unique to one test. */
    record TestTopics(String input, String dlq, String alerts, String applicationId) {
        static TestTopics unique() {
            String id = UUID.randomUUID().toString().substring(0, 8);
            return new TestTopics("events-" + id, "dlq-" + id, "alerts-" + id, "vigil-it-" + id);
        }
    }

    /**
     * The input topic sized for oversize records, and the dead-letter topic that keeps them. Both
     * keep records forever: the simulator's records carry old (simulated) timestamps, which the
     * broker's time-based retention would otherwise delete within its first check.
     */
    void createInput(TestTopics topics, int partitions) {
        broker.createTopic(topics.input(), partitions,
                Map.of("max.message.bytes", "2097152", "retention.ms", "-1"));
        broker.createTopic(topics.dlq(), partitions,
                Map.of("max.message.bytes", Long.toString(2097152 + 65536), "retention.ms", "-1"));
    }

    /** Defaults, pointed at the test broker and topics, on a free HTTP port. */
    VigilConfig config(TestTopics topics, Map<String, String> extra) {
        return config(topics, extra, null);
    }

    /** As {@link #config(TestTopics, Map)}, on top of a YAML file with this content (e.g. alert rules). */
    VigilConfig config(TestTopics topics, Map<String, String> extra, String yaml) {
        Map<String, String> env = new HashMap<>();
        env.put("VIGIL_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("VIGIL_KAFKA_APPLICATION_ID", topics.applicationId());
        env.put("VIGIL_TOPICS_INPUT", topics.input());
        env.put("VIGIL_TOPICS_DLQ", topics.dlq());
        env.put("VIGIL_TOPICS_ALERTS", topics.alerts());
        env.put("VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", "0");
        env.put("VIGIL_KAFKA_PROPERTIES_STATE_DIR", tempDir.resolve("state-" + topics.applicationId()).toString());
        env.putAll(extra);
        Path file = null;
        if (yaml != null) {
            try {
                file = java.nio.file.Files.writeString(tempDir.resolve("vigil-" + UUID.randomUUID() + ".yaml"), yaml);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ConfigLoader.load(file, env);
    }

    static HttpResponse<String> get(int port, String path, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final java.util.regex.Pattern HTTP_PORT_LINE = java.util.regex.Pattern.compile("HTTP port (\\d+)");

    /** Vigil as a child JVM ({@code vigil run --config}), so that a test can SIGKILL it; output goes to {@code log}. */
    static Process startVigilProcess(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(TestJvm.args());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.vigil.app.Main", "run", "--config",
                config.toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The HTTP port a Vigil process logged at start-up. */
    static int awaitHttpPort(Path log) {
        return await("HTTP port in " + log.getFileName()).atMost(TIMEOUT).until(() -> {
            if (!java.nio.file.Files.exists(log)) {
                return 0;
            }
            java.util.regex.Matcher m = HTTP_PORT_LINE.matcher(java.nio.file.Files.readString(log));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }, p -> p > 0);
    }

    static String metrics(int port) {
        return get(port, "/metrics", null).body();
    }

    static void awaitReady(int port) {
        await("/readyz").atMost(TIMEOUT).until(() -> get(port, "/readyz", null).statusCode() == 200);
    }

    /**
     * A consumer of {@code topic} from its beginning, in a group of its own, that reads only committed
     * records (Vigil writes its output in transactions under exactly_once_v2).
     */
    static KafkaConsumer<byte[], byte[]> committedConsumer(String topic) {
        Map<String, Object> props = broker.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Reads committed records of a topic until {@code expected} have arrived. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = committedConsumer(topic)) {
            try {
                await(topic + " holds " + expected + " records").atMost(TIMEOUT).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return records.size() >= expected;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(topic + ": read " + records.size() + " committed records, expected "
                        + expected, e);
            }
        }
        return records;
    }
}
