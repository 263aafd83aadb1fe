package dev.vigil.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.app.integration.Promtool;
import dev.vigil.app.stack.StackFiles;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/overlays/example: three instances in their own namespace against a SASL_SSL Kafka whose
 * password is a file of the Secret, and the Prometheus Operator component (ServiceMonitor, PrometheusRule).
 */
class ExampleOverlayTest {
    /** Kafka's config provider reference: ${dir:DIRECTORY:FILE}. */
    private static final Pattern DIR_REFERENCE = Pattern.compile("\\$\\{dir:([^:}]+):([^}]+)}");

    private static Manifests example;

    @TempDir
    Path dir;

    @BeforeAll
    static void render() throws Exception {
        example = Kustomize.render(Kustomize.EXAMPLE);
    }

    private VigilConfig config() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"),
                example.configMapOfVolume("config").getData().get("vigil.yaml"));
        return ConfigLoader.load(file, PodEnvironment.of(example.vigil().getEnv(), "vigil-0", example.namespace(),
                example.services()));
    }

    @Test
    void threeInstancesInTheirNamespaceFromARegistry() {
        assertThat(example.statefulSet().getSpec().getReplicas()).isEqualTo(3);
        assertThat(example.namespace()).isEqualTo("vigil");
        assertThat(example.objects()).allSatisfy(o -> {
            if (!(o instanceof io.fabric8.kubernetes.api.model.Namespace)) {
                assertThat(o.getMetadata().getNamespace()).as(o.getMetadata().getName()).isEqualTo("vigil");
            }
        });
        assertThat(example.vigil().getImage()).isEqualTo("registry.example.com/platform/vigil:0.1.0");
    }

    @Test
    void theKafkaPasswordIsAFileOfTheMountedSecretNotAValue() throws Exception {
        VigilConfig config = config();
        Map<String, String> kafka = config.kafka().properties();
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-bootstrap.kafka.svc.cluster.local:9093");
        assertThat(kafka).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("config.providers", "dir")
                .containsEntry("config.providers.dir.class",
                        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");

        Secret secret = example.named(Secret.class, example.statefulSet().getSpec().getTemplate().getSpec()
                .getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow()
                .getSecret().getSecretName());
        String secretsDir = example.vigil().getVolumeMounts().stream()
                .filter(vm -> vm.getName().equals("secrets")).findFirst().orElseThrow().getMountPath();
        Matcher reference = DIR_REFERENCE.matcher(kafka.get("sasl.jaas.config"));
        assertThat(reference.find()).as("sasl.jaas.config refers to a file").isTrue();
        assertThat(reference.group(1)).isEqualTo(secretsDir);
        assertThat(secret.getData()).containsKey(reference.group(2));
        String password = new String(Base64.getDecoder().decode(secret.getData().get(reference.group(2))),
                StandardCharsets.UTF_8);
        assertThat(kafka.get("sasl.jaas.config")).doesNotContain(password);
    }

    @Test
    void theServiceMonitorScrapesTheServiceVigilOnceAsJobVigil() {
        ServiceMonitor monitor = example.one(ServiceMonitor.class);
        List<Service> selected = example.services().stream()
                .filter(s -> Manifests.selects(monitor.getSpec().getSelector(), s.getMetadata().getLabels()))
                .toList();
        assertThat(selected).extracting(s -> s.getMetadata().getName()).containsExactly("vigil");
        Service scrape = selected.get(0);

        Endpoint endpoint = monitor.getSpec().getEndpoints().get(0);
        assertThat(monitor.getSpec().getEndpoints()).hasSize(1);
        assertThat(scrape.getSpec().getPorts()).extracting(ServicePort::getName).contains(endpoint.getPort());
        assertThat(endpoint.getPath()).isEqualTo("/metrics");

        // The job label comes from a label of the Service; the meta-alerts and dashboards expect job="vigil".
        String job = scrape.getMetadata().getLabels().get(monitor.getSpec().getJobLabel());
        assertThat(job).isEqualTo("vigil");
        assertThat(StackFiles.text(StackFiles.PROMETHEUS_DIR.resolve("rules/vigil-self.rules.yml")))
                .contains("up{job=\"" + job + "\"}");
    }

    @Test
    void thePrometheusRuleHoldsTheRuleFilesOfDockerPrometheus() {
        ArrayNode expected = JsonNodeFactory.instance.arrayNode();
        for (Path file : StackFiles.ruleFiles()) {
            StackFiles.yaml(file).path("groups").forEach(expected::add);
        }
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);

        JsonNode groups = Kustomize.tree(example.one(PrometheusRule.class).getSpec().getGroups());

        assertThat(groups).isEqualTo(expected);
    }

    @Test
    void promtoolAcceptsThePrometheusRulesGroups() throws Exception {
        ObjectNode rules = JsonNodeFactory.instance.objectNode();
        rules.set("groups", Kustomize.tree(example.one(PrometheusRule.class).getSpec().getGroups()));
        Path file = dir.resolve("vigil.rules.yml");
        new YAMLMapper().writeValue(file.toFile(), rules);

        Promtool.Result result = Promtool.run("check", "rules", file.toString());

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }
}
