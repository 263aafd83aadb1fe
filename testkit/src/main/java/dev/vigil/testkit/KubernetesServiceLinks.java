package dev.vigil.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The service-link environment variables the kubelet gives every pod for a Service of its namespace, written as
 * the kubelet writes them ({@code pkg/kubelet/envvars/envvars.go}, {@code FromServices}; documented at
 * https://kubernetes.io/docs/concepts/services-networking/connect-applications-service/#environment-variables),
 * so tests can feed Vigil exactly what a pod gets.
 *
 * <pre>{@code
 * KubernetesServiceLinks.of("vigil", "10.96.0.10", List.of(new Port("http", 9090, "TCP")))
 * // VIGIL_SERVICE_HOST=10.96.0.10, VIGIL_SERVICE_PORT=9090, VIGIL_SERVICE_PORT_HTTP=9090,
 * // VIGIL_PORT=tcp://10.96.0.10:9090, VIGIL_PORT_9090_TCP=tcp://10.96.0.10:9090, VIGIL_PORT_9090_TCP_PROTO=tcp,
 * // VIGIL_PORT_9090_TCP_PORT=9090, VIGIL_PORT_9090_TCP_ADDR=10.96.0.10
 * }</pre>
 */
public final class KubernetesServiceLinks {
    private KubernetesServiceLinks() {
    }

    /**
     * One port of a Service.
     *
     * @param name     the port's name, or null (only the first port may be unnamed)
     * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}; null means TCP, as in a Service spec
     */
    public record Port(String name, int port, String protocol) {
    }

    /**
     * The variables for one Service, in the kubelet's order. A headless Service ({@code clusterIP} null, empty or
     * {@code None}) gets none, as in the kubelet.
     */
    public static Map<String, String> of(String serviceName, String clusterIp, List<Port> ports) {
        Map<String, String> env = new LinkedHashMap<>();
        if (clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None")) {
            return env;
        }
        String prefix = envName(serviceName);
        env.put(prefix + "_SERVICE_HOST", clusterIp);
        env.put(prefix + "_SERVICE_PORT", Integer.toString(ports.get(0).port()));
        for (Port port : ports) {
            if (port.name() != null && !port.name().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + envName(port.name()), Integer.toString(port.port()));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            Port port = ports.get(i);
            String protocol = port.protocol() == null ? "TCP" : port.protocol();
            String lower = protocol.toLowerCase(Locale.ROOT);
            // Go's net.JoinHostPort: an IPv6 address goes in brackets.
            String hostPort = (clusterIp.contains(":") ? "[" + clusterIp + "]" : clusterIp) + ":" + port.port();
            if (i == 0) {
                env.put(prefix + "_PORT", lower + "://" + hostPort);
            }
            String portPrefix = prefix + "_PORT_" + port.port() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(portPrefix, lower + "://" + hostPort);
            env.put(portPrefix + "_PROTO", lower);
            env.put(portPrefix + "_PORT", Integer.toString(port.port()));
            env.put(portPrefix + "_ADDR", clusterIp);
        }
        return env;
    }

    /** The kubelet's {@code makeEnvVariableName}: upper-cased, {@code -} as {@code _}. */
    static String envName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
