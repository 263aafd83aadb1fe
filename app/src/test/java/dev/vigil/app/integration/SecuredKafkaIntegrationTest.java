package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.simulator.GroundTruth;
import dev.vigil.testkit.KafkaBroker;
import dev.vigil.testkit.TestJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigil against a secured cluster: the broker's SASL_SSL listener (SCRAM-SHA-512 over TLS) is the only
 * one Vigil is given. The processor reads the password from a mounted-secret-style directory and the
 * truststore password from a properties file (Kafka's DirectoryConfigProvider and FileConfigProvider);
 * {@code vigil simulate} gets it from an environment variable (EnvVarConfigProvider, through a
 * {@code VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG} override), and {@code vigil alerts tail} from that override
 * holding the literal JAAS line. Events go in, metrics, alerts and dead letters come out, and nothing any of
 * these processes prints or logs contains the password: {@code check-config} and Kafka's own config logging
 * show {@code [hidden]} where it would be.
 */
class SecuredKafkaIntegrationTest {
    private static final Duration TIMEOUT = BrokerIntegrationTest.TIMEOUT;
    private static final String USER = "vigil";
    /** Distinctive, so that a grep for it cannot match anything else. */
    private static final String PASSWORD = "Scram-" + UUID.randomUUID().toString().replace("-", "");
    private static final int EVENTS = 3_000;
    private static final String SCRAM = "org.apache.kafka.common.security.scram.ScramLoginModule";

    /**
     * Its own broker rather than BrokerIntegrationTest's (whose helpers it uses): this one also has a
     * SASL_SSL listener.
     */
    private static KafkaBroker broker;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(KafkaBroker.Options.defaults().withSaslSsl(USER, PASSWORD));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void vigilRunsOverSaslSslWithSecretsFromFilesAndTheEnvironmentAndNeverPrintsThem() throws Exception {
        BrokerIntegrationTest.TestTopics topics = BrokerIntegrationTest.TestTopics.unique();
        // The test creates the input topics over PLAINTEXT (as BrokerIntegrationTest.createInput does); Vigil
        // creates the alerts topic itself, over SASL_SSL.
        broker.createTopic(topics.input(), 2, Map.of("max.message.bytes", "2097152", "retention.ms", "-1"));
        broker.createTopic(topics.dlq(), 2, Map.of("max.message.bytes", Long.toString(2097152 + 65536),
                "retention.ms", "-1"));
        Path config = writeConfig(topics);
        Path logback = writeKafkaInfoLogging();
        Map<String, String> literalJaas = Map.of("VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                SCRAM + " required username=\"" + USER + "\" password=\"" + PASSWORD + "\";");
        List<Path> outputs = new ArrayList<>();

        // check-config shows where the secrets come from, and hides a literal one.
        Path checkFile = tempDir.resolve("check-config-file.out");
        assertThat(runToEnd(Map.of(), logback, checkFile, "check-config", config.toString())).isZero();
        assertThat(Files.readString(checkFile)).contains("password=\\\"${dir:" + tempDir.resolve("secrets"))
                .contains("ssl.truststore.password: \"${file:");
        Path checkEnv = tempDir.resolve("check-config-env.out");
        assertThat(runToEnd(literalJaas, logback, checkEnv, "check-config", config.toString())).isZero();
        assertThat(Files.readString(checkEnv))
                .contains("sasl.jaas.config: \"" + SCRAM + " required username=\\\"vigil\\\" password=\\\"[hidden]\\\";\"");
        outputs.add(checkFile);
        outputs.add(checkEnv);

        Path runLog = tempDir.resolve("vigil-run.log");
        outputs.add(runLog);
        Process vigil = start(Map.of(), logback, runLog, "run", "--config", config.toString());
        Path tailOut = tempDir.resolve("alerts-tail.out");
        outputs.add(tailOut);
        Process tail = null;
        try {
            int port = BrokerIntegrationTest.awaitHttpPort(runLog);
            BrokerIntegrationTest.awaitReady(port);
            tail = start(literalJaas, logback, tailOut, "alerts", "tail", "--config", config.toString(),
                    "--from-beginning");

            Path simOut = tempDir.resolve("simulate.out");
            outputs.add(simOut);
            Path truthFile = tempDir.resolve("truth.json");
            Map<String, String> fromEnv = Map.of("KAFKA_PASSWORD", PASSWORD,
                    "VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                    SCRAM + " required username=\"" + USER + "\" password=\"${env:KAFKA_PASSWORD}\";");
            assertThat(runToEnd(fromEnv, logback, simOut, "simulate", "--config", config.toString(),
                    "--events", Integer.toString(EVENTS), "--seed", "7", "--start", "2026-01-01T00:00:00Z",
                    "--truth", truthFile.toString())).as("vigil simulate exit code").isZero();
            GroundTruth truth = GroundTruth.read(truthFile);
            assertThat(truth.records()).isEqualTo(EVENTS);
            // The simulator asks the broker (over SASL_SSL, with its own admin client) whether the topic takes
            // oversize records: it does, so they are in the run, unless that question timed out (15 s, which a
            // loaded two-core machine has exceeded once); an authentication or TLS failure never passes.
            assertThat(Files.readString(simOut)).doesNotContain("AuthenticationException")
                    .doesNotContain("Authentication failed");
            if (!truth.dlqTotal().containsKey("too_large")) {
                assertThat(warnings(simOut)).as("why vigil simulate skipped too_large records")
                        .containsPattern("(?i)timed out|TimeoutException");
            }

            await("every record processed").atMost(TIMEOUT).until(() -> processed(port) == truth.records());
            long deadLetters = truth.dlqTotal().values().stream().mapToLong(Long::longValue).sum();
            Map<String, Long> byReason = readSecured(topics.dlq(), (int) deadLetters).stream()
                    .collect(Collectors.groupingBy(r -> header(r, "vigil.error.reason"), TreeMap::new,
                            Collectors.counting()));
            assertThat(byReason).isEqualTo(truth.dlqTotal());

            long alerts = await("alerts emitted").atMost(TIMEOUT).until(() -> alertCount(port), n -> n > 0);
            assertThat(readSecured(topics.alerts(), (int) alerts)).hasSizeGreaterThanOrEqualTo((int) alerts);
            await("alerts tail prints the alerts").atMost(TIMEOUT)
                    .until(() -> Files.readString(tailOut).contains("QueueDeep"));
        } finally {
            if (tail != null) {
                tail.destroy();
                tail.waitFor(30, TimeUnit.SECONDS);
                tail.destroyForcibly();
            }
            vigil.destroy();
            assertThat(vigil.waitFor(60, TimeUnit.SECONDS)).as("vigil run exits after SIGTERM").isTrue();
            vigil.destroyForcibly();
        }

        for (Path output : outputs) {
            assertThat(Files.readString(output)).as(output.getFileName().toString()).doesNotContain(PASSWORD);
        }
        // Kafka's own config logging (INFO here) names the secrets and hides their values.
        assertThat(Files.readString(tailOut)).contains("sasl.jaas.config = [hidden]")
                .contains("ssl.truststore.password = [hidden]");
        assertThat(Files.readString(tempDir.resolve("simulate.out"))).contains("sasl.jaas.config = [hidden]");
    }

    private Path writeConfig(BrokerIntegrationTest.TestTopics topics) throws IOException {
        Path secrets = Files.createDirectories(tempDir.resolve("secrets"));
        // As a Kubernetes Secret mounts it: one file per key, no trailing newline.
        Files.writeString(secrets.resolve("kafka-password"), PASSWORD);
        Path tls = Files.writeString(tempDir.resolve("tls.properties"),
                "truststore.password=" + broker.certificates().password() + "\n");
        return Files.writeString(tempDir.resolve("vigil.yaml"), String.join("\n",
                "kafka:",
                "  bootstrap_servers: \"" + broker.saslSslBootstrapServers() + "\"",
                "  application_id: " + topics.applicationId(),
                "  properties:",
                "    state.dir: \"" + tempDir.resolve("state") + "\"",
                "    commit.interval.ms: 200",
                "    security.protocol: SASL_SSL",
                "    sasl.mechanism: SCRAM-SHA-512",
                "    config.providers: dir,file,env",
                "    config.providers.dir.class: org.apache.kafka.common.config.provider.DirectoryConfigProvider",
                "    config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider",
                "    config.providers.env.class: org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                "    sasl.jaas.config: '" + SCRAM + " required username=\"" + USER + "\" password=\"${dir:"
                        + secrets + ":kafka-password}\";'",
                "    ssl.truststore.location: \"" + broker.certificates().truststore() + "\"",
                "    ssl.truststore.type: PKCS12",
                "    ssl.truststore.password: \"${file:" + tls + ":truststore.password}\"",
                "topics:",
                "  input: " + topics.input(),
                "  dlq: " + topics.dlq(),
                "  alerts: " + topics.alerts(),
                "alerts:",
                "  rules:",
                // Breaks often in the simulated world.
                "    - name: QueueDeep",
                "      metric: queue_depth",
                "      group_by: [capability]",
                "      op: \">\"",
                "      threshold: 2",
                "      resolve_threshold: 1",
                "      severity: info",
                "observability:",
                "  metrics:",
                "    prometheus_port: 0",
                ""));
    }

    /**
     * Kafka's loggers at INFO for the commands that keep the built-in logging ({@code simulate},
     * {@code alerts tail}): their clients then log every config value, which is where a secret would show.
     */
    private Path writeKafkaInfoLogging() throws IOException {
        return Files.writeString(tempDir.resolve("logback-kafka-info.xml"), """
                <configuration>
                  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka" level="INFO"/>
                  <logger name="dev.vigil" level="INFO"/>
                  <root level="INFO"><appender-ref ref="STDERR"/></root>
                </configuration>
                """);
    }

    /** {@code vigil ARGS} as a child JVM with these extra environment variables; stdout and stderr go to {@code out}. */
    private static Process start(Map<String, String> env, Path logback, Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"), "dev.vigil.app.Main"));
        command.addAll(1, TestJvm.args());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** As {@link #start}, waiting for the exit; returns the exit code. */
    private static int runToEnd(Map<String, String> env, Path logback, Path out, String... args) throws Exception {
        Process process = start(env, logback, out, args);
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("vigil " + String.join(" ", args) + " did not finish within " + TIMEOUT
                    + ":\n" + Files.readString(out));
        }
        return process.exitValue();
    }

    /** Committed records of a topic, read over SASL_SSL, until {@code expected} have arrived. */
    private static List<ConsumerRecord<byte[], byte[]>> readSecured(String topic, int expected) {
        Map<String, Object> props = new HashMap<>(broker.saslSslClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await(topic + " holds " + expected + " records").atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static String warnings(Path output) {
        try {
            return Files.readAllLines(output).stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long processed(int port) {
        return PrometheusText.series(BrokerIntegrationTest.metrics(port), "vigil_events_total", "type", "outcome")
                .values().stream()
                .mapToLong(Long::longValue).sum();
    }

    private static long alertCount(int port) {
        return PrometheusText.series(BrokerIntegrationTest.metrics(port), "vigil_alert_events_total", "state")
                .values().stream()
                .mapToLong(Long::longValue).sum();
    }
}
