package dev.vigil.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.memory.MemoryBudget;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.Redaction;
import dev.vigil.config.VigilConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The properties of every Kafka client Vigil makes: the security settings of {@code kafka.properties} and
 * their config-provider references reach each of them, resolved by Kafka; and every key Kafka itself
 * treats as a password is one Vigil hides.
 */
class ClientPropertiesTest {
    private static final String PASSWORD = "pw-from-a-file-7f3a";

    @TempDir
    Path dir;

    /** A SASL_SSL configuration whose password is in a directory (a mounted Secret) and a properties file. */
    private VigilConfig securedConfig() throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("kafka-password"), PASSWORD);
        Path file = Files.writeString(dir.resolve("tls.properties"), "truststore.password=ts-" + PASSWORD + "\n");
        return ConfigLoader.fromYaml("""
                kafka:
                  bootstrap_servers: "broker:9093"
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    config.providers: dir,file
                    config.providers.dir.class: org.apache.kafka.common.config.provider.DirectoryConfigProvider
                    config.providers.file.class: org.apache.kafka.common.config.provider.FileConfigProvider
                    sasl.jaas.config: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="vigil" password="${dir:%s:kafka-password}";'
                    ssl.truststore.location: /etc/vigil/truststore.p12
                    ssl.truststore.password: "${file:%s:truststore.password}"
                    state.dir: /var/lib/vigil
                    num.stream.threads: 2
                """.formatted(secrets, file), Map.of());
    }

    private static String expectedJaas() {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"vigil\" password=\""
                + PASSWORD + "\";";
    }

    @Test
    void eachClientGetsItsOwnKeysAndTheConfigProviders() throws Exception {
        VigilConfig config = securedConfig();

        for (Map<String, Object> props : List.of(ClientProperties.admin(config), ClientProperties.producer(config),
                ClientProperties.consumer(config))) {
            assertThat(props).containsEntry("bootstrap.servers", "broker:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("config.providers", "dir,file")
                    .containsKeys("config.providers.dir.class", "config.providers.file.class", "sasl.jaas.config",
                            "ssl.truststore.password")
                    // Streams-only keys would make the client warn about unknown configs.
                    .doesNotContainKeys("state.dir", "num.stream.threads");
        }
    }

    @Test
    void configProvidersResolveInVigilsOwnClients() throws Exception {
        VigilConfig config = securedConfig();

        AdminClientConfig admin = new AdminClientConfig(ClientProperties.admin(config));
        ProducerConfig producer = new ProducerConfig(withSerializers(ClientProperties.producer(config)));
        ConsumerConfig consumer = new ConsumerConfig(withDeserializers(ClientProperties.consumer(config)));

        assertThat(admin.getPassword("sasl.jaas.config").value()).isEqualTo(expectedJaas());
        assertThat(producer.getPassword("sasl.jaas.config").value()).isEqualTo(expectedJaas());
        assertThat(consumer.getPassword("sasl.jaas.config").value()).isEqualTo(expectedJaas());
        assertThat(consumer.getPassword("ssl.truststore.password").value()).isEqualTo("ts-" + PASSWORD);
        // What Kafka logs for it.
        assertThat(admin.values().get("sasl.jaas.config")).hasToString(Password.HIDDEN);
    }

    @Test
    void configProvidersResolveForEveryClientKafkaStreamsMakes() throws Exception {
        VigilConfig config = securedConfig();
        StreamsConfig streams = new StreamsConfig(StreamsProperties.from(config, 2_000_000,
                MemoryBudget.resolve(config.kafka().rocksdb(), new MemoryBudget.Facts(4L << 30, "test", 1L << 30))));

        List<Map<String, Object>> clients = new ArrayList<>();
        clients.add(streams.getMainConsumerConfigs("vigil", "vigil-client", 0));
        clients.add(streams.getRestoreConsumerConfigs("vigil-client"));
        clients.add(streams.getGlobalConsumerConfigs("vigil-client"));
        clients.add(streams.getProducerConfigs("vigil-client"));
        clients.add(streams.getAdminConfigs("vigil-client"));
        for (Map<String, Object> client : clients) {
            assertThat(client.get("sasl.jaas.config")).hasToString(expectedJaas());
            assertThat(client.get("ssl.truststore.password")).hasToString("ts-" + PASSWORD);
            assertThat(client).containsEntry("security.protocol", "SASL_SSL");
        }
    }

    @Test
    void everyPasswordKeyOfKafkasClientsIsHiddenByVigil() {
        List<String> passwords = new ArrayList<>();
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(),
                AdminClientConfig.configDef(), StreamsConfig.configDef())) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    passwords.add(name);
                }
            });
        }
        assertThat(passwords).contains("sasl.jaas.config", "ssl.truststore.password");
        assertThat(passwords).allSatisfy(name -> {
            assertThat(Redaction.isSecretKey(name)).as(name).isTrue();
            assertThat(Redaction.isSecretKey("producer." + name)).as("producer." + name).isTrue();
        });
    }

    private static Map<String, Object> withSerializers(Map<String, Object> props) {
        props.put("key.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        props.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return props;
    }

    private static Map<String, Object> withDeserializers(Map<String, Object> props) {
        props.put("key.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        props.put("value.deserializer", org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
        return props;
    }
}
