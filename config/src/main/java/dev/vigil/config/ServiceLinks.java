package dev.vigil.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the service-link variables Kubernetes injects into every pod for every Service of its namespace
 * (https://kubernetes.io/docs/concepts/services-networking/connect-applications-service/#environment-variables;
 * the kubelet's {@code envvars.FromServices}). A Service named {@code vigil} or {@code vigil-<anything>} yields
 * variables that start with {@code VIGIL_}, so they must not be mistaken for misspelled overrides.
 *
 * <p>For a Service {@code <name>} with cluster IP {@code <ip>}, {@code <PREFIX>} being the name upper-cased with
 * {@code -} as {@code _}, and each port {@code <port>/<protocol>} (protocol TCP, UDP or SCTP), optionally named:
 * <pre>
 * PREFIX_SERVICE_HOST=ip                       PREFIX_PORT=proto://ip:port            (first port)
 * PREFIX_SERVICE_PORT=port                     PREFIX_PORT_&lt;port&gt;_&lt;PROTOCOL&gt;=proto://ip:port
 * PREFIX_SERVICE_PORT_&lt;PORTNAME&gt;=port          PREFIX_PORT_&lt;port&gt;_&lt;PROTOCOL&gt;_PROTO=proto
 *                                              PREFIX_PORT_&lt;port&gt;_&lt;PROTOCOL&gt;_PORT=port
 *                                              PREFIX_PORT_&lt;port&gt;_&lt;PROTOCOL&gt;_ADDR=ip
 * </pre>
 * Both the name and the value must have the shape (an IPv4 or IPv6 address, a port number, {@code tcp://...}),
 * so that a misspelled override that merely ends in {@code _PORT} (say {@code VIGIL_OBSERVABILITY_METRICS_PORT=9091})
 * is still reported. Headless Services ({@code clusterIP: None}) get no variables at all.
 */
final class ServiceLinks {
    private ServiceLinks() {
    }

    /** A Service name (DNS-1035 label) upper-cased with {@code -} as {@code _}, starting {@code VIGIL}. */
    private static final String PREFIX = "VIGIL(?:_[A-Z0-9_]*[A-Z0-9])?";
    /** A port name (IANA_SVC_NAME: lower-case letters, digits and {@code -}) upper-cased. */
    private static final String PORT_NAME = "[A-Z0-9](?:[A-Z0-9_]*[A-Z0-9])?";
    private static final String NUMBER = "[1-9][0-9]{0,4}";
    private static final String PROTOCOL = "TCP|UDP|SCTP";

    private static final Pattern SERVICE_HOST = Pattern.compile(PREFIX + "_SERVICE_HOST");
    private static final Pattern SERVICE_PORT = Pattern.compile(PREFIX + "_SERVICE_PORT(?:_" + PORT_NAME + ")?");
    private static final Pattern FIRST_PORT = Pattern.compile(PREFIX + "_PORT");
    private static final Pattern PORT = Pattern.compile(
            PREFIX + "_PORT_(" + NUMBER + ")_(" + PROTOCOL + ")(?:_(PROTO|PORT|ADDR))?");

    private static final String IPV4 = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
            + "(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}";
    /** Loose on purpose: hex digits and colons (with an optional embedded IPv4), as Go prints an IPv6 address. */
    private static final String IPV6 = "[0-9a-fA-F:]*:[0-9a-fA-F:.]*";
    private static final Pattern IP = Pattern.compile(IPV4 + "|" + IPV6);
    private static final Pattern URL = Pattern.compile(
            "(tcp|udp|sctp)://(?:(" + IPV4 + ")|\\[(" + IPV6 + ")]):(" + NUMBER + ")");

    /** Whether {@code name=value} is one of the variables Kubernetes injects for a Service. */
    static boolean isServiceLink(String name, String value) {
        if (value == null) {
            return false;
        }
        // The shapes overlap (VIGIL_PORT_9090_TCP_PORT is also "<PREFIX>_PORT" for a Service vigil-port-9090-tcp),
        // so each is tried with its value.
        return SERVICE_HOST.matcher(name).matches() && IP.matcher(value).matches()
                || SERVICE_PORT.matcher(name).matches() && isPort(value)
                || FIRST_PORT.matcher(name).matches() && URL.matcher(value).matches()
                || isPortVariable(name, value);
    }

    private static boolean isPortVariable(String name, String value) {
        Matcher port = PORT.matcher(name);
        if (!port.matches() || !isPort(port.group(1))) {
            return false;
        }
        String number = port.group(1);
        String protocol = port.group(2).toLowerCase(Locale.ROOT);
        String field = port.group(3);
        if (field == null) {
            Matcher url = URL.matcher(value);
            return url.matches() && url.group(1).equals(protocol) && url.group(4).equals(number);
        }
        return switch (field) {
            case "PROTO" -> value.equals(protocol);
            case "PORT" -> value.equals(number);
            default -> IP.matcher(value).matches();
        };
    }

    private static boolean isPort(String value) {
        if (!value.matches(NUMBER)) {
            return false;
        }
        return Integer.parseInt(value) <= 65535;
    }
}
