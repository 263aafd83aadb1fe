package dev.vigil.app.cli;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where {@code vigil simulate} and {@code vigil alerts tail} connect: {@code --bootstrap} alone (a plain
 * listener), or a Vigil configuration file whose {@code kafka} section (bootstrap servers and
 * {@code kafka.properties}: SASL, TLS, config providers, with {@code VIGIL_*} overrides) they share with
 * {@code vigil run}. {@code --bootstrap} wins over the file's servers.
 */
final class KafkaClientOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Vigil configuration to take kafka.bootstrap_servers, kafka.properties (SASL, TLS, "
                    + "config providers; VIGIL_* overrides apply) and the topic from")
    Path config;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: kafka.bootstrap_servers of --config)")
    String bootstrap;

    /** The loaded configuration, or {@code null} without {@code --config}. */
    VigilConfig load(CommandLine commandLine) {
        if (config == null && bootstrap == null) {
            throw new CommandLine.ParameterException(commandLine, "Give --bootstrap or --config");
        }
        return config == null ? null : ConfigLoader.load(config, System.getenv());
    }

    /**
     * The client properties: the configuration's selection for this client kind
     * ({@link dev.vigil.app.kafka.ClientProperties}) or nothing, with {@code --bootstrap} if given.
     */
    Map<String, Object> properties(VigilConfig loaded, Function<VigilConfig, Map<String, Object>> select) {
        Map<String, Object> props = loaded == null ? new HashMap<>() : select.apply(loaded);
        if (bootstrap != null) {
            props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        }
        return props;
    }
}
