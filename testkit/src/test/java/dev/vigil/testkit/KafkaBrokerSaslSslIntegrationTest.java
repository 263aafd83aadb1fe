package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker's optional SASL_SSL listener: SCRAM-SHA-512 over TLS with a generated certificate. */
class KafkaBrokerSaslSslIntegrationTest {
    private static final String USER = "vigil";
    private static final String PASSWORD = "s3cret-" + UUID.randomUUID();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static KafkaBroker broker;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start(KafkaBroker.Options.defaults().withSaslSsl(USER, PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void clientPropertiesNameTheSecuredListener() {
        Map<String, Object> props = broker.saslSslClientProperties();

        assertThat(props).containsEntry("bootstrap.servers", "127.0.0.1:" + broker.saslSslPort())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", broker.certificates().truststore().toString())
                .containsEntry("ssl.truststore.type", "PKCS12");
        assertThat((String) props.get("sasl.jaas.config"))
                .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" "
                        + "password=\"" + PASSWORD + "\";");
        assertThat(broker.saslSslPort()).isNotEqualTo(broker.port());
        assertThat(broker.options().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void recordRoundTripsOverSaslSsl() {
        broker.createTopic("secured", 2);

        Map<String, Object> producerProps = broker.saslSslClientProperties();
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("secured", "agent-1", "over TLS")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("producing over SASL_SSL failed", e);
        }

        Map<String, Object> consumerProps = broker.saslSslClientProperties();
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-reader");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("secured"));
            await().atMost(TIMEOUT).pollInSameThread().until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("agent-1");
            assertThat(r.value()).isEqualTo("over TLS");
        });
    }

    @Test
    void wrongPasswordFailsAuthentication() {
        Map<String, Object> props = broker.saslSslClientProperties(USER, "not-" + PASSWORD);

        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("Authentication failed");
        }
    }

    @Test
    void plaintextClientCannotTalkToTheTlsListener() {
        Map<String, Object> props = broker.saslSslClientProperties();
        props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);

        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void anotherUserCanBeAdded() throws Exception {
        broker.upsertScramUser("reader", "reader-password");

        try (Admin admin = Admin.create(broker.saslSslClientProperties("reader", "reader-password"))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    @Test
    void theSecuredListenerComesBackOnItsPortAfterAKill() throws Exception {
        try (KafkaBroker own = KafkaBroker.start(KafkaBroker.Options.defaults().withSaslSsl("again", "pw-again"))) {
            int port = own.saslSslPort();

            own.kill();
            own.restart();

            assertThat(own.saslSslPort()).isEqualTo(port);
            try (Admin admin = Admin.create(own.saslSslClientProperties())) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
        }
    }
}
