package dev.vigil.app.kafka;

import dev.vigil.config.VigilConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;

/**
 * Properties of the plain Kafka clients Vigil makes besides Kafka Streams (topic provisioning's admin,
 * {@code vigil simulate}'s producer, {@code vigil alerts tail}'s consumer): {@code kafka.bootstrap_servers}
 * plus those {@code kafka.properties} the client knows, so that SASL, TLS and the rest apply to every
 * connection Vigil opens. Streams-only keys ({@code state.dir}...) are left out, or the client would warn
 * about them.
 *
 * <p>Config providers ({@code config.providers} and {@code config.providers.<alias>.*}) always pass: Kafka
 * resolves {@code ${provider:path:key}} references in whichever client receives them, and those keys are
 * not among the client's declared configs.
 */
public final class ClientProperties {
    private ClientProperties() {
    }

    /** For an {@link org.apache.kafka.clients.admin.Admin}. */
    public static Map<String, Object> admin(VigilConfig config) {
        return select(config, AdminClientConfig.configNames());
    }

    /** For a {@link org.apache.kafka.clients.producer.KafkaProducer}. */
    public static Map<String, Object> producer(VigilConfig config) {
        return select(config, ProducerConfig.configNames());
    }

    /** For a {@link org.apache.kafka.clients.consumer.KafkaConsumer}. */
    public static Map<String, Object> consumer(VigilConfig config) {
        return select(config, ConsumerConfig.configNames());
    }

    /** A new mutable map: the bootstrap servers and the known or config-provider properties. */
    static Map<String, Object> select(VigilConfig config, Set<String> known) {
        Map<String, Object> props = new HashMap<>();
        config.kafka().properties().forEach((key, value) -> {
            if (known.contains(key) || isConfigProviderKey(key)) {
                props.put(key, value);
            }
        });
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        return props;
    }

    /** {@code config.providers} itself or one of its {@code config.providers.<alias>.class/param.*} keys. */
    public static boolean isConfigProviderKey(String key) {
        return key.equals(AbstractConfig.CONFIG_PROVIDERS_CONFIG)
                || key.startsWith(AbstractConfig.CONFIG_PROVIDERS_CONFIG + ".");
    }
}
