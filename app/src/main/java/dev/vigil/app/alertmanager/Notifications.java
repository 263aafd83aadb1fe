package dev.vigil.app.alertmanager;

import dev.vigil.alerting.AlertInstance;
import dev.vigil.app.metrics.StoreReader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.StoreNames;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Builds the notifier of a configuration, and reads the alerts it re-sends. */
public final class Notifications {
    private Notifications() {
    }

    /**
     * The notifier of {@code alerts.alertmanager}, its metrics registered; null when no URL is configured.
     *
     * @param httpPort this process's HTTP port, for the default {@code alerts.external_url}
     * @param scheme   {@code https} when the endpoints speak TLS, else {@code http}
     */
    public static AlertmanagerNotifier fromConfig(VigilConfig config, PrometheusRegistry registry, int httpPort,
                                                  String scheme) {
        VigilConfig.Alertmanager am = config.alerts().alertmanager();
        if (!am.enabled()) {
            return null;
        }
        NotificationQueue queue = new NotificationQueue(NotificationQueue.DEFAULT_CAPACITY);
        NotifierMetrics metrics = NotifierMetrics.register(registry, queue::size);
        AlertmanagerClient client = new AlertmanagerClient(am);
        AlertPayloads payloads = new AlertPayloads(externalUrl(config, httpPort, scheme), am.resendInterval());
        return new AlertmanagerNotifier(am.urls(), client::post, payloads, queue, metrics, am.resendInterval(),
                Clock.systemUTC());
    }

    /**
     * {@code alerts.external_url}, by default {@code http://<hostname>:<port>}, {@code https://...}
     * when the web configuration file turns TLS on.
     */
    static String externalUrl(VigilConfig config, int httpPort, String scheme) {
        if (config.alerts().externalUrl() != null) {
            return config.alerts().externalUrl();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return scheme + "://" + host + ":" + httpPort;
    }

    /** Every alert instance in this process's active tasks' alert stores (none while not queryable). */
    public static List<AlertInstance> stored(StoreReader stores) {
        List<AlertInstance> out = new ArrayList<>();
        stores.<AlertInstance>forEach(StoreNames.ALERT_STATE, (fingerprint, instance) -> out.add(instance));
        return out;
    }
}
