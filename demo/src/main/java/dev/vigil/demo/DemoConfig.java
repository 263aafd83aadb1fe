package dev.vigil.demo;

import dev.vigil.alerting.DefaultRules;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's configuration: the user's file (or defaults) pointed at the local broker, a demo
 * application id, a usable port and a state directory in the demo's temporary directory, with the
 * default alert rules when the file has none.
 */
final class DemoConfig {
    private static final Logger LOG = LoggerFactory.getLogger(DemoConfig.class);

    private DemoConfig() {
    }

    /**
     * @param bootstrap the local broker, or null before it runs (the configuration then serves for
     *                  validation and logging only)
     * @throws IllegalArgumentException when the file is invalid; the message names the key
     */
    static VigilConfig load(Path configFile, int port, Path home, String bootstrap) {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (bootstrap != null) {
            env.put("VIGIL_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        }
        env.put("VIGIL_KAFKA_APPLICATION_ID", "vigil-demo");
        env.put("VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", Integer.toString(isFree(port) ? port : 0));
        env.put("VIGIL_KAFKA_PROPERTIES_STATE_DIR", home.resolve("state").toString());
        VigilConfig config;
        try {
            ConfigLoader.Loaded loaded = ConfigLoader.loadReporting(configFile, env);
            if (!loaded.ignoredEnv().isEmpty()) {
                // As vigil run: not fatal, but a misspelled override must show.
                LOG.warn("Ignored VIGIL_ variables that name no configuration key: {}", loaded.ignoredEnv());
            }
            config = loaded.config();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!config.alerts().rules().isEmpty()) {
            return config;
        }
        // No rules of the user's: the default rule set, so the demo shows alerts.
        return new VigilConfig(config.kafka(), config.topics(), config.aggregates(),
                new VigilConfig.Alerts(DefaultRules.raw(), config.alerts().alertmanager(), config.alerts().externalUrl()), config.observability(),
                config.http());
    }

    /**
     * The HTTP port the demo will use, chosen before anything starts so that the status page's URL
     * can be the first line printed: the requested port when it is free, else one the system picks.
     */
    static int choosePort(int wanted) {
        if (wanted > 0 && isFree(wanted)) {
            return wanted;
        }
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("0.0.0.0", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            // No port to be had now: Vigil will pick one and the banner will name it.
            return 0;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
