package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.testkit.KubernetesServiceLinks;
import dev.vigil.testkit.KubernetesServiceLinks.Port;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The variables Kubernetes injects for Services named {@code vigil} and {@code vigil-*} start with {@code VIGIL_}:
 * they neither stop start-up nor change the configuration nor get reported as ignored overrides.
 */
class KubernetesServiceLinkEnvTest {
    private static final String YAML = """
            kafka:
              bootstrap_servers: "kafka:9092"
            observability:
              metrics:
                prometheus_port: 9090
            """;

    /** Every service-link variable of the Services a Vigil deployment may have around it. */
    private static Map<String, String> serviceLinks() {
        Map<String, String> env = new HashMap<>();
        // The scrape Service of deploy/kubernetes: one named port.
        env.putAll(KubernetesServiceLinks.of("vigil", "10.96.12.34", List.of(new Port("http", 9090, "TCP"))));
        // A Service named vigil-headless with a cluster IP (a truly headless one gets no variables).
        env.putAll(KubernetesServiceLinks.of("vigil-headless", "10.96.0.7",
                List.of(new Port(null, 9090, null), new Port("forward-http", 9091, "TCP"))));
        // Every protocol, several ports, an IPv6 cluster IP, a name with digits and dashes.
        env.putAll(KubernetesServiceLinks.of("vigil-kafka-2", "fd00:10:96::a1", List.of(
                new Port("broker", 9092, "TCP"), new Port("dns", 53, "UDP"), new Port("sig", 2905, "SCTP"),
                new Port("p-1", 65535, "TCP"))));
        return env;
    }

    @Test
    void theFullServiceLinkSetChangesNothingAndIsNotReported() {
        Map<String, String> env = serviceLinks();
        // The set really is the documented one (and so starts with VIGIL_).
        assertThat(env).containsEntry("VIGIL_SERVICE_HOST", "10.96.12.34")
                .containsEntry("VIGIL_SERVICE_PORT", "9090")
                .containsEntry("VIGIL_SERVICE_PORT_HTTP", "9090")
                .containsEntry("VIGIL_PORT", "tcp://10.96.12.34:9090")
                .containsEntry("VIGIL_PORT_9090_TCP", "tcp://10.96.12.34:9090")
                .containsEntry("VIGIL_PORT_9090_TCP_PROTO", "tcp")
                .containsEntry("VIGIL_PORT_9090_TCP_PORT", "9090")
                .containsEntry("VIGIL_PORT_9090_TCP_ADDR", "10.96.12.34")
                .containsEntry("VIGIL_HEADLESS_SERVICE_HOST", "10.96.0.7")
                .containsEntry("VIGIL_HEADLESS_SERVICE_PORT_FORWARD_HTTP", "9091")
                .containsEntry("VIGIL_HEADLESS_PORT_9091_TCP_ADDR", "10.96.0.7")
                .containsEntry("VIGIL_KAFKA_2_PORT", "tcp://[fd00:10:96::a1]:9092")
                .containsEntry("VIGIL_KAFKA_2_PORT_53_UDP", "udp://[fd00:10:96::a1]:53")
                .containsEntry("VIGIL_KAFKA_2_PORT_2905_SCTP_PROTO", "sctp");
        assertThat(env).hasSize(8 + 12 + 23);

        ConfigLoader.Loaded loaded = ConfigLoader.fromYamlReporting(YAML, env);

        assertThat(loaded.config()).isEqualTo(ConfigLoader.fromYaml(YAML, Map.of()));
        assertThat(loaded.ignoredEnv()).isEmpty();
    }

    @Test
    void besideServiceLinksATypoIsStillReportedWithASuggestion() {
        Map<String, String> env = serviceLinks();
        env.put("VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PROT", "9091");
        env.put("VIGIL_KAFKA_APPLICATION_ID", "vigil-prod");

        ConfigLoader.Loaded loaded = ConfigLoader.fromYamlReporting(YAML, env);

        assertThat(loaded.config().kafka().applicationId()).isEqualTo("vigil-prod");
        assertThat(loaded.config().observability().metrics().prometheusPort()).isEqualTo(9090);
        assertThat(loaded.ignoredEnv()).containsExactly(new ConfigLoader.IgnoredVariable(
                "VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PROT",
                "did you mean VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT?"));
    }

    @Test
    void aServiceLinkNameWithAValueKubernetesWouldNotWriteIsReported() {
        // Only name and value together are a service link: these are someone's own (mistaken) settings.
        Map<String, String> env = Map.of(
                "VIGIL_OBSERVABILITY_METRICS_PORT", "9091",
                "VIGIL_SERVICE_HOST", "vigil.example.com",
                "VIGIL_SERVICE_PORT", "http",
                "VIGIL_PORT_9090_TCP", "tcp://10.0.0.1:9091",
                "VIGIL_PORT_9090_TCP_PROTO", "udp",
                "VIGIL_PORT_9090_TCP_PORT", "9091",
                "VIGIL_PORT_99999_TCP_PORT", "99999",
                "VIGIL_PORT_9090_HTTP_ADDR", "10.0.0.1");

        ConfigLoader.Loaded loaded = ConfigLoader.fromYamlReporting("", env);

        assertThat(loaded.config()).isEqualTo(ConfigLoader.defaults());
        assertThat(loaded.ignoredEnv()).extracting(ConfigLoader.IgnoredVariable::name)
                .containsExactlyElementsOf(env.keySet().stream().sorted().toList());
    }

    @Test
    void aKeyWinsOverTheServiceLinkShape() {
        // A Service named vigil-observability-metrics-prometheus would inject a variable that names a key:
        // it is an override like any other (and here a bad one), never silently dropped.
        Map<String, String> env = KubernetesServiceLinks.of("vigil-observability-metrics-prometheus", "10.0.0.9",
                List.of(new Port("http", 9090, "TCP")));

        assertThatThrownBy(() -> ConfigLoader.fromYaml("", env))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT: observability.metrics.prometheus_port: "
                                + "'tcp://10.0.0.9:9090' is not an integer"));
    }
}
