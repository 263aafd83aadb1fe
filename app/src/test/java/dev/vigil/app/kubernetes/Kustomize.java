package dev.vigil.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.testkit.RequiredTool;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * deploy/kubernetes rendered as {@code kubectl apply -k} would send it: {@code kubectl kustomize DIR}, each
 * document read as its Kubernetes type (fabric8's model of the API). kubectl is a {@link RequiredTool}.
 */
final class Kustomize {
    /** deploy/kubernetes, from the app module's directory, where Maven runs the tests. */
    static final Path DEPLOY = Path.of("..", "deploy", "kubernetes");
    static final Path BASE = DEPLOY.resolve("base");
    static final Path EXAMPLE = DEPLOY.resolve("overlays/example");
    /** The example overlay with components/secured-endpoints (TLS and basic auth). */
    static final Path SECURED_EXAMPLE = DEPLOY.resolve("overlays/secured-example");
    static final Path SECURED_ENDPOINTS = DEPLOY.resolve("components/secured-endpoints");

    private static final YAMLMapper YAML = new YAMLMapper();
    /**
     * fabric8's types with plain Jackson; IntOrString (ports, PromQL expressions) written back as the int or string it
     * holds, as in the manifests (fabric8's own serializer lives in its client, which these tests do not need).
     */
    private static final ObjectMapper MODEL = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(IntOrString.class, new StdSerializer<>(IntOrString.class) {
                @Override
                public void serialize(IntOrString value, JsonGenerator out, SerializerProvider provider)
                        throws IOException {
                    provider.defaultSerializeValue(value.getValue(), out);
                }
            }))
            .build();

    /** The kinds the manifests may hold; anything else fails the rendering, so that no object goes unchecked. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "v1/Namespace", Namespace.class,
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/Service", Service.class,
            "apps/v1/StatefulSet", StatefulSet.class,
            "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
            "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class,
            "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class);

    private Kustomize() {
    }

    /** Rendered once per directory and test JVM: the files do not change while the tests run. */
    private static final Map<Path, Manifests> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The objects {@code kubectl kustomize dir} prints, in its order. */
    static Manifests render(Path dir) throws IOException, InterruptedException {
        Manifests cached = RENDERED.get(dir);
        if (cached == null) {
            cached = run(dir);
            RENDERED.put(dir, cached);
        }
        return cached;
    }

    private static Manifests run(Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(RequiredTool.KUBECTL.path().toString(), "kustomize", dir.toString())
                .redirectErrorStream(false).start();
        process.getOutputStream().close();
        String yaml = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize finished").isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + dir + ": " + errors).isZero();
        List<HasMetadata> objects = new ArrayList<>();
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
            String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            Class<? extends HasMetadata> kind = KINDS.get(type);
            assertThat(kind).as("a known kind: " + type).isNotNull();
            objects.add(MODEL.treeToValue(document, kind));
        }
        return new Manifests(dir, objects);
    }

    /** A file of the deploy tree as text, e.g. to compare with what was rendered. */
    static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** Any typed object as a plain tree (for comparing with YAML files). */
    static JsonNode tree(Object value) {
        return MODEL.valueToTree(value);
    }
}
