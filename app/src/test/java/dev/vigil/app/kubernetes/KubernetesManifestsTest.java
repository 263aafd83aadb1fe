package dev.vigil.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alerting.DefaultRules;
import dev.vigil.app.http.HttpEndpoints;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.TopologySettings;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/kubernetes, the base and the example overlay, as {@code kubectl kustomize} renders them: what the pod
 * runs agrees with the vigil.yaml of its ConfigMap and with Vigil's real endpoints, and everything the pod gets in
 * its environment is a configuration {@code vigil check-config} accepts with nothing ignored.
 */
class KubernetesManifestsTest {
    private static final String POD = "vigil-1";

    @TempDir
    Path dir;

    static Stream<Path> kustomizations() {
        return Stream.of(Kustomize.BASE, Kustomize.EXAMPLE);
    }

    /** What the pod's Vigil loads: the mounted vigil.yaml with the pod's environment, as check-config loads it. */
    private ConfigLoader.Loaded load(Manifests m) throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), vigilYaml(m));
        return ConfigLoader.loadReporting(file, environment(m));
    }

    private static String vigilYaml(Manifests m) {
        String configPath = configArgument(m.vigil());
        Path mounted = Path.of(configPath);
        VolumeMount mount = m.vigil().getVolumeMounts().stream()
                .filter(vm -> mounted.startsWith(vm.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError("--config " + configPath + " is on no mounted volume"));
        ConfigMap configMap = m.configMapOfVolume(mount.getName());
        String key = Path.of(mount.getMountPath()).relativize(mounted).toString();
        assertThat(configMap.getData()).as("ConfigMap " + configMap.getMetadata().getName()).containsKey(key);
        return configMap.getData().get(key);
    }

    private static String configArgument(Container vigil) {
        List<String> args = vigil.getArgs();
        assertThat(args).as("vigil run --config FILE").startsWith("run").contains("--config");
        return args.get(args.indexOf("--config") + 1);
    }

    private static Map<String, String> environment(Manifests m) {
        return PodEnvironment.of(m.vigil().getEnv(), POD, m.namespace(), m.services());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void everyVariableThePodGetsIsAcceptedAndNoneIsIgnored(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        Map<String, String> env = environment(m);
        // The service links of the Service vigil are there (and start with VIGIL_), the headless one has none.
        assertThat(env).containsKeys("VIGIL_SERVICE_HOST", "VIGIL_PORT_9090_TCP_ADDR", "VIGIL_SERVICE_PORT_HTTP")
                .doesNotContainKey("VIGIL_HEADLESS_SERVICE_HOST");
        assertThat(env.values()).as("every $(VAR) defined before its use").noneMatch(v -> v.contains("$("));

        ConfigLoader.Loaded loaded = load(m);

        assertThat(loaded.ignoredEnv()).isEmpty();
        // check-config also validates the alert rules, as vigil run does at start-up.
        assertThat(TopologySettings.from(loaded.config()).rules()).hasSize(DefaultRules.raw().size());
        assertThat(loaded.config().alerts().rules()).isEqualTo(DefaultRules.raw());
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void applicationServerIsThePodsNameThroughTheHeadlessService(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        VigilConfig config = load(m).config();
        String headless = m.statefulSet().getSpec().getServiceName();
        int port = config.observability().metrics().prometheusPort();

        assertThat(config.kafka().properties()).containsEntry("application.server",
                POD + "." + headless + "." + m.namespace() + ".svc.cluster.local:" + port);
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void eachPodIsAStaticGroupMemberNamedAfterItself(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        VigilConfig config = load(m).config();

        // Unique per pod (the StatefulSet's ordinal names) and stable across its restarts.
        assertThat(config.kafka().properties()).containsEntry("group.instance.id", POD)
                .containsEntry("session.timeout.ms", "15000")
                // A warm standby per instance: the fail-over RELIABILITY.md measured.
                .containsEntry("num.standby.replicas", "1");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void portsAndProbesAreVigilsPortAndItsRealEndpoints(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        int port = load(m).config().observability().metrics().prometheusPort();
        Container vigil = m.vigil();
        assertThat(vigil.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(port);
        });
        assertThat(path(vigil.getReadinessProbe().getHttpGet())).isEqualTo("/readyz");
        assertThat(path(vigil.getLivenessProbe().getHttpGet())).isEqualTo("/healthz");
        assertThat(path(vigil.getStartupProbe().getHttpGet())).isEqualTo("/healthz");
        for (Service service : m.services()) {
            assertThat(service.getSpec().getPorts()).as(service.getMetadata().getName()).singleElement()
                    .satisfies((ServicePort p) -> {
                        assertThat(p.getName()).isEqualTo("http");
                        assertThat(p.getPort()).isEqualTo(port);
                        assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
                    });
        }

        // The probes' paths on Vigil's real HTTP server: what Kubernetes counts as success (200-399) or not.
        AtomicReference<String> notReady = new AtomicReference<>("Kafka Streams is REBALANCING");
        try (HttpEndpoints endpoints = HttpEndpoints.start("127.0.0.1", 0, new PrometheusRegistry(),
                notReady::get)) {
            int at = endpoints.port();
            assertThat(status(at, path(vigil.getLivenessProbe().getHttpGet()))).isBetween(200, 399);
            assertThat(status(at, path(vigil.getReadinessProbe().getHttpGet()))).isGreaterThanOrEqualTo(400);
            notReady.set(null);
            assertThat(status(at, path(vigil.getReadinessProbe().getHttpGet()))).isBetween(200, 399);
        }
    }

    /** The probe's path, after checking it targets the container's port by name. */
    private static String path(HTTPGetAction get) {
        assertThat(get.getPort().getStrVal()).isEqualTo("http");
        assertThat(get.getScheme()).isIn(null, "HTTP");
        return get.getPath();
    }

    private static int status(int port, String path) throws Exception {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void volumesHoldTheStateDirTheConfigurationAndAWritableTmp(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        VigilConfig config = load(m).config();
        StatefulSet sts = m.statefulSet();
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        List<String> volumes = pod.getVolumes().stream().map(Volume::getName).toList();
        List<String> claims = sts.getSpec().getVolumeClaimTemplates().stream()
                .map(c -> c.getMetadata().getName()).toList();
        for (VolumeMount mount : m.vigil().getVolumeMounts()) {
            assertThat(Stream.concat(volumes.stream(), claims.stream()).toList())
                    .as("volume of mount " + mount.getMountPath()).contains(mount.getName());
        }

        // Kafka Streams' state dir is the pod's own claim, read-write, from the start.
        String stateDir = config.kafka().properties().get("state.dir");
        assertThat(stateDir).isNotNull();
        VolumeMount state = mountAt(m.vigil(), stateDir);
        assertThat(claims).contains(state.getName());
        assertThat(state.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        PersistentVolumeClaim claim = sts.getSpec().getVolumeClaimTemplates().stream()
                .filter(c -> c.getMetadata().getName().equals(state.getName())).findFirst().orElseThrow();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");

        // The root file system is read-only: /tmp is an emptyDir.
        VolumeMount tmp = mountAt(m.vigil(), "/tmp");
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).isNotNull();
        assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);

        // The configuration: the ConfigMap volume holding the file --config names, read-only.
        VolumeMount configMount = mountAt(m.vigil(), Path.of(configArgument(m.vigil())).getParent().toString());
        assertThat(volume(pod, configMount.getName()).getConfigMap()).isNotNull();
        assertThat(configMount.getReadOnly()).isTrue();

        // Secrets: the Secret vigil-secrets as files in /etc/vigil/secrets, optional (the base needs none).
        VolumeMount secrets = mountAt(m.vigil(), "/etc/vigil/secrets");
        Volume secretVolume = volume(pod, secrets.getName());
        assertThat(secretVolume.getSecret().getSecretName()).startsWith("vigil-secrets");
        assertThat(secretVolume.getSecret().getOptional()).isTrue();
        assertThat(secrets.getReadOnly()).isTrue();
    }

    private static VolumeMount mountAt(Container container, String path) {
        return container.getVolumeMounts().stream().filter(vm -> vm.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void runsAsTheImagesUserWithNothingMore(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        PodSecurityContext pod = m.statefulSet().getSpec().getTemplate().getSpec().getSecurityContext();
        assertThat(pod.getRunAsNonRoot()).isTrue();
        assertThat(pod.getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        SecurityContext container = m.vigil().getSecurityContext();
        assertThat(container.getRunAsNonRoot()).isTrue();
        assertThat(container.getRunAsUser()).isEqualTo(10001L);
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        Capabilities capabilities = container.getCapabilities();
        assertThat(capabilities.getDrop()).containsExactly("ALL");
        assertThat(capabilities.getAdd()).isNullOrEmpty();
        // The image's user (docker/Dockerfile: USER 10001:10001).
        assertThat(Files.readString(Path.of("..", "docker", "Dockerfile"))).contains("USER 10001:10001");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void memoryRequestIsTheLimitAndCpuIsNotCapped(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        Map<String, Quantity> requests = m.vigil().getResources().getRequests();
        Map<String, Quantity> limits = m.vigil().getResources().getLimits();
        assertThat(Quantity.getAmountInBytes(requests.get("memory")))
                .isEqualTo(Quantity.getAmountInBytes(limits.get("memory")));
        assertThat(requests).containsKey("cpu");
        assertThat(limits).doesNotContainKey("cpu");
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void servicesAndTheDisruptionBudgetSelectTheStatefulSetsPods(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        StatefulSet sts = m.statefulSet();
        Map<String, String> pods = m.podLabels();
        assertThat(Manifests.selects(sts.getSpec().getSelector(), pods)).as("the StatefulSet's selector").isTrue();
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");

        Service headless = m.named(Service.class, sts.getSpec().getServiceName());
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(Manifests.selects(headless.getSpec().getSelector(), pods)).as("the headless Service").isTrue();

        Service scrape = m.named(Service.class, "vigil");
        assertThat(scrape.getSpec().getClusterIP()).isNull();
        assertThat(Manifests.selects(scrape.getSpec().getSelector(), pods)).as("the Service vigil").isTrue();

        PodDisruptionBudget pdb = m.one(PodDisruptionBudget.class);
        assertThat(Manifests.selects(pdb.getSpec().getSelector(), pods)).as("the PodDisruptionBudget").isTrue();
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

        assertThat(Manifests.selects(sts.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0)
                .getLabelSelector(), pods)).as("the spread constraint").isTrue();
    }

    @ParameterizedTest
    @MethodSource("kustomizations")
    void theConfigMapIsGeneratedSoThatAChangeRollsThePods(Path kustomization) throws Exception {
        Manifests m = Kustomize.render(kustomization);
        ConfigMap config = m.configMapOfVolume("config");
        // configMapGenerator's content hash in the name, referred to by the pod template.
        assertThat(config.getMetadata().getName()).matches("vigil-config-[a-z0-9]{10}");
        assertThat(config.getData().get("vigil.yaml"))
                .isEqualTo(Kustomize.read(Kustomize.BASE.resolve("vigil.yaml")));
    }
}
