package dev.vigil.app.kubernetes;

import dev.vigil.testkit.KubernetesServiceLinks;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment the kubelet gives the Vigil container of a rendered pod: the service-link variables of the
 * namespace's Services, then the container's {@code env} in order, each value with {@code $(NAME)} expanded from
 * what is defined before it ({@code $$} is a literal {@code $}; an undefined reference stays as written), downward
 * API fields from the sample pod.
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private PodEnvironment() {
    }

    /**
     * @param podName    e.g. vigil-1
     * @param services   the namespace's Services; those with a cluster IP get the sample IPs 10.96.0.10, .11, ...
     */
    static Map<String, String> of(List<EnvVar> env, String podName, String namespace, List<Service> services) {
        Map<String, String> result = new LinkedHashMap<>();
        int ip = 10;
        for (Service service : services) {
            String clusterIp = service.getSpec().getClusterIP();
            if (clusterIp == null) {
                clusterIp = "10.96.0." + ip++;
            }
            List<KubernetesServiceLinks.Port> ports = service.getSpec().getPorts().stream()
                    .map((ServicePort p) -> new KubernetesServiceLinks.Port(p.getName(), p.getPort(), p.getProtocol()))
                    .toList();
            result.putAll(KubernetesServiceLinks.of(service.getMetadata().getName(), clusterIp, ports));
        }
        for (EnvVar variable : env) {
            String value;
            if (variable.getValueFrom() != null) {
                value = switch (fieldPath(variable)) {
                    case "metadata.name" -> podName;
                    case "metadata.namespace" -> namespace;
                    default -> throw new AssertionError("unexpected valueFrom of " + variable.getName());
                };
            } else {
                value = expand(variable.getValue() == null ? "" : variable.getValue(), result);
            }
            result.put(variable.getName(), value);
        }
        return result;
    }

    private static String fieldPath(EnvVar variable) {
        if (variable.getValueFrom().getFieldRef() == null) {
            throw new AssertionError(variable.getName() + " comes from something else than a downward API field");
        }
        return variable.getValueFrom().getFieldRef().getFieldPath();
    }

    /** The kubelet's expansion of {@code $(NAME)} in an env value. */
    static String expand(String value, Map<String, String> defined) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1) == null) {
                replacement = "$";
            } else {
                replacement = defined.getOrDefault(m.group(1), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
