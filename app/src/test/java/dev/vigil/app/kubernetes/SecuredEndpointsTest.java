package dev.vigil.app.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.app.http.HttpEndpoints;
import dev.vigil.app.http.security.HttpSecurity;
import dev.vigil.app.integration.Promtool;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.WebConfig;
import dev.vigil.testkit.TestCertificates;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.SecretKeySelectorBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.TLSConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/components/secured-endpoints, as overlays/secured-example uses it: TLS and basic auth on Vigil's
 * port. The pod's Secret volume is "mounted" by writing the rendered Secrets' keys into a directory, and the pod's
 * environment loaded with the mount path swapped for that directory, so Vigil's own loader, web configuration parser
 * and HTTP server read exactly what the pod would.
 */
class SecuredEndpointsTest {
    private static final String POD = "vigil-1";
    private static final YAMLMapper YAML = new YAMLMapper();

    private static Manifests secured;

    @TempDir
    Path dir;

    @BeforeAll
    static void render() throws Exception {
        secured = Kustomize.render(Kustomize.SECURED_EXAMPLE);
    }

    /** The mount that holds http.web_config_file. */
    private static VolumeMount webMount() {
        String webConfig = rawEnv("VIGIL_HTTP_WEB_CONFIG_FILE");
        return secured.vigil().getVolumeMounts().stream()
                .filter(vm -> Path.of(webConfig).startsWith(vm.getMountPath())).findFirst()
                .orElseThrow(() -> new AssertionError(webConfig + " is on no mounted volume"));
    }

    private static String rawEnv(String name) {
        return secured.vigil().getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("the pod has no " + name)).getValue();
    }

    private static Volume volume(String name) {
        return secured.statefulSet().getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    /** Where each file of the web volume comes from: file name → (Secret, key). */
    private static Map<String, SecretKeySelector> webFiles() {
        Volume web = volume(webMount().getName());
        // A projected volume of Secrets, or one Secret.
        List<VolumeProjection> sources = web.getProjected() != null ? web.getProjected().getSources()
                : List.of(new VolumeProjectionBuilder().withNewSecret().withName(web.getSecret().getSecretName())
                        .withItems(web.getSecret().getItems()).endSecret().build());
        Map<String, SecretKeySelector> files = new LinkedHashMap<>();
        for (VolumeProjection source : sources) {
            assertThat(source.getSecret()).as("the web volume projects Secrets only").isNotNull();
            String secretName = source.getSecret().getName();
            List<KeyToPath> items = source.getSecret().getItems();
            if (items == null || items.isEmpty()) {
                secured.named(Secret.class, secretName).getData().keySet()
                        .forEach(key -> files.put(key, selector(secretName, key)));
            } else {
                items.forEach(i -> files.put(i.getPath(), selector(secretName, i.getKey())));
            }
        }
        return files;
    }

    private static SecretKeySelector selector(String secret, String key) {
        return new SecretKeySelectorBuilder().withName(secret).withKey(key).build();
    }

    /** A key's value; kustomize wraps long base64 values over lines, hence the MIME decoder. */
    private static String secretValue(SecretKeySelector selector) {
        Secret secret = secured.named(Secret.class, selector.getName());
        assertThat(secret.getData()).as("Secret " + selector.getName()).containsKey(selector.getKey());
        return new String(Base64.getMimeDecoder().decode(secret.getData().get(selector.getKey())), StandardCharsets.UTF_8);
    }

    /** The web volume's files, as the kubelet would write them, in a directory of this test; returns it. */
    private Path mountWebVolume() throws Exception {
        Path local = dir.resolve("mounted");
        Files.createDirectories(local);
        for (Map.Entry<String, SecretKeySelector> file : webFiles().entrySet()) {
            Files.writeString(local.resolve(file.getKey()), secretValue(file.getValue()));
        }
        return local;
    }

    /** The pod's environment, with the web mount's path replaced by {@code local}. */
    private static Map<String, String> environment(Path local) {
        String mountPath = webMount().getMountPath();
        Map<String, String> env = new LinkedHashMap<>();
        PodEnvironment.of(secured.vigil().getEnv(), POD, secured.namespace(), secured.services())
                .forEach((name, value) -> env.put(name, value.startsWith(mountPath + "/")
                        ? local + value.substring(mountPath.length()) : value));
        return env;
    }

    /** A path of the local mount as the pod sees it. */
    private static String inPod(Path local, String path) {
        Path relative = local.toAbsolutePath().relativize(Path.of(path).toAbsolutePath());
        assertThat(relative.toString()).as(path + " is in the mount").doesNotStartWith("..");
        return Path.of(webMount().getMountPath()).resolve(relative).toString();
    }

    private ConfigLoader.Loaded load(Path local) throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"),
                secured.configMapOfVolume("config").getData().get("vigil.yaml"));
        return ConfigLoader.loadReporting(file, environment(local));
    }

    @Test
    void everyVariableLoadsAndTheHttpKeysPointIntoTheMountedSecrets() throws Exception {
        Path local = mountWebVolume();
        String mountPath = webMount().getMountPath();

        ConfigLoader.Loaded loaded = load(local);

        assertThat(loaded.ignoredEnv()).isEmpty();
        VigilConfig.Http http = loaded.config().http();
        assertThat(http.webConfigFile()).isNotNull();
        assertThat(inPod(local, http.webConfigFile())).isEqualTo(mountPath + "/web.yml");
        assertThat(inPod(local, http.client().caFile())).startsWith(mountPath + "/");
        assertThat(http.client().basicAuth()).isNotNull();
        assertThat(inPod(local, http.client().basicAuth().passwordFile())).startsWith(mountPath + "/");
        assertThat(webMount().getReadOnly()).isTrue();
        // What the base and the example overlay set is still there.
        assertThat(loaded.config().kafka().properties().get("application.server"))
                .startsWith(POD + ".vigil-headless." + secured.namespace() + ".svc.cluster.local:");
        assertThat(loaded.config().kafka().properties()).containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void theWebConfigurationParsesWithVigilsParserAndNamesTheMountedCertificate() throws Exception {
        Path local = mountWebVolume();
        VigilConfig.Http http = load(local).config().http();

        WebConfig web = WebConfig.load(Path.of(http.webConfigFile()));

        assertThat(web.tls()).as("tls_server_config").isNotNull();
        assertThat(inPod(local, web.tls().certFile().toString())).startsWith(webMount().getMountPath() + "/");
        assertThat(inPod(local, web.tls().keyFile().toString())).startsWith(webMount().getMountPath() + "/");
        // The certificate and key come from the same Secret, whose CA the instances trust as clients.
        Map<String, SecretKeySelector> files = webFiles();
        String certSecret = files.get(web.tls().certFile().getFileName().toString()).getName();
        assertThat(files.get(web.tls().keyFile().getFileName().toString()).getName()).isEqualTo(certSecret);
        assertThat(files.get(Path.of(http.client().caFile()).getFileName().toString()).getName())
                .isEqualTo(certSecret);
        assertThat(web.tls().clientAuth()).isEqualTo(WebConfig.ClientAuth.NO_CLIENT_CERT);
        // The instances' user is one the web configuration accepts.
        assertThat(web.basicAuthUsers()).containsKey(http.client().basicAuth().username());
    }

    @Test
    void probesAreHttpsOnTheNamedPortAtPathsThatStayOpen() throws Exception {
        Container vigil = secured.vigil();
        List<String> open = load(mountWebVolume()).config().http().unauthenticatedPaths();
        String portName = vigil.getPorts().get(0).getName();
        for (Probe probe : List.of(vigil.getReadinessProbe(), vigil.getLivenessProbe(), vigil.getStartupProbe())) {
            HTTPGetAction get = probe.getHttpGet();
            assertThat(get.getScheme()).isEqualTo("HTTPS");
            assertThat(get.getPort().getStrVal()).isEqualTo(portName);
            assertThat(open).contains(get.getPath());
            assertThat(get.getHttpHeaders()).as("no credentials in a probe").isNullOrEmpty();
        }
    }

    @Test
    void theServiceMonitorScrapesOverHttpsWithCredentialsOfTheSecrets() throws Exception {
        Endpoint endpoint = secured.one(ServiceMonitor.class).getSpec().getEndpoints().get(0);
        assertThat(endpoint.getScheme()).isEqualTo("https");
        TLSConfig tls = endpoint.getTlsConfig();
        assertThat(tls.getInsecureSkipVerify()).isNotEqualTo(Boolean.TRUE);
        assertThat(tls.getServerName()).isNotBlank();
        // Prometheus trusts the CA the instances trust: the same Secret and key the pod mounts as http.client.ca_file.
        Path local = mountWebVolume();
        String caFile = load(local).config().http().client().caFile();
        SecretKeySelector podCa = webFiles().get(Path.of(caFile).getFileName().toString());
        assertThat(tls.getCa().getSecret().getName()).isEqualTo(podCa.getName());
        assertThat(tls.getCa().getSecret().getKey()).isEqualTo(podCa.getKey());

        // Basic auth from keys that exist in a rendered Secret, of a user web.yml accepts with that password.
        String user = secretValue(endpoint.getBasicAuth().getUsername());
        String password = secretValue(endpoint.getBasicAuth().getPassword());
        HttpSecurity security = HttpSecurity.fromConfig(withCertificates(local).http());
        assertThat(security.permits("/metrics", basic(user, password))).isTrue();
        assertThat(security.permits("/metrics", basic(user, password + "x"))).isFalse();
        assertThat(security.permits("/metrics", null)).isFalse();
    }

    @Test
    void theInstancesPeerPasswordMatchesItsHashInTheWebConfiguration() throws Exception {
        Path local = mountWebVolume();
        VigilConfig config = withCertificates(local);
        VigilConfig.BasicAuth peer = config.http().client().basicAuth();
        String password = Files.readString(Path.of(peer.passwordFile())).strip();

        HttpSecurity security = HttpSecurity.fromConfig(config.http());

        assertThat(security.permits("/api/v1/summary", basic(peer.username(), password))).isTrue();
        assertThat(security.scheme()).isEqualTo("https");
    }

    /**
     * With a real certificate in place of the placeholders (for the names of certificate.example.yaml), Vigil's own
     * HTTP server runs on this configuration: the probes' paths answer over HTTPS without credentials, /metrics only
     * with the ServiceMonitor's.
     */
    @Test
    void vigilServesTheProbesOpenAndMetricsOnlyWithTheServiceMonitorsCredentials() throws Exception {
        Path local = mountWebVolume();
        TestCertificates certs = certificatesFor(local);
        HttpSecurity security = HttpSecurity.fromConfig(load(local).config().http());
        Endpoint endpoint = secured.one(ServiceMonitor.class).getSpec().getEndpoints().get(0);
        String scrape = basic(secretValue(endpoint.getBasicAuth().getUsername()),
                secretValue(endpoint.getBasicAuth().getPassword()));
        Container vigil = secured.vigil();

        try (HttpEndpoints endpoints = HttpEndpoints.starting("127.0.0.1", 0, new PrometheusRegistry(), Set.of(),
                security)) {
            endpoints.attach(() -> null, Map.of());
            HttpClient client = trusting(certs);
            int port = endpoints.port();
            for (Probe probe : List.of(vigil.getReadinessProbe(), vigil.getLivenessProbe())) {
                assertThat(status(client, port, probe.getHttpGet().getPath(), null)).isBetween(200, 399);
            }
            assertThat(status(client, port, endpoint.getPath(), null)).isEqualTo(401);
            assertThat(status(client, port, endpoint.getPath(), scrape)).isEqualTo(200);
        }
    }

    @Test
    void promtoolAcceptsTheWebConfiguration() throws Exception {
        Path local = mountWebVolume();
        certificatesFor(local);
        Path webYml = Path.of(load(local).config().http().webConfigFile());

        Promtool.Result result = Promtool.run("check", "web-config", webYml.toString());

        assertThat(result.succeeded()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void theCertificateExampleNamesEveryInstanceAndTheServiceMonitorsServerName() throws Exception {
        JsonNode certificate = YAML.readTree(Kustomize.SECURED_ENDPOINTS.resolve("certificate.example.yaml").toFile());
        List<String> names = new ArrayList<>();
        certificate.path("spec").path("dnsNames").forEach(n -> names.add(n.asText()));
        assertThat(certificate.path("metadata").path("namespace").asText()).isEqualTo(secured.namespace());
        // It writes the Secret the pod takes its certificate from.
        String certSecret = webFiles().get("tls.crt").getName();
        assertThat(certificate.path("spec").path("secretName").asText()).isEqualTo(certSecret);

        String serverName = secured.one(ServiceMonitor.class).getSpec().getEndpoints().get(0).getTlsConfig()
                .getServerName();
        assertThat(covers(names, serverName)).as(serverName + " in " + names).isTrue();
        int replicas = secured.statefulSet().getSpec().getReplicas();
        for (int i = 0; i < replicas; i++) {
            String pod = "vigil-" + i;
            String server = PodEnvironment.of(secured.vigil().getEnv(), pod, secured.namespace(), secured.services())
                    .get("VIGIL_KAFKA_PROPERTIES_APPLICATION_SERVER");
            String host = server.substring(0, server.lastIndexOf(':'));
            assertThat(covers(names, host)).as(host + " in " + names).isTrue();
        }
        // The wildcard covers one label only: another Service's pods are not in it.
        assertThat(covers(names, "vigil-0.elsewhere.svc.cluster.local")).isFalse();
    }

    @Test
    void theSecretsOfTheExampleArePlaceholders() {
        for (String file : List.of("tls.crt", "tls.key", "ca.crt")) {
            assertThat(secretValue(webFiles().get(file))).as(file).startsWith("PLACEHOLDER");
        }
        Endpoint endpoint = secured.one(ServiceMonitor.class).getSpec().getEndpoints().get(0);
        assertThat(secretValue(endpoint.getBasicAuth().getPassword())).startsWith("change-me");
        assertThat(secretValue(webFiles().get("peer-password"))).startsWith("change-me");
    }

    /** Without the prometheus-operator component there is no ServiceMonitor to patch, and that is no error. */
    @Test
    void theComponentWorksWithoutThePrometheusOperatorComponent() throws Exception {
        Path kustomization = dir.resolve("alone");
        Files.createDirectories(kustomization);
        Path deploy = kustomization.toAbsolutePath().relativize(Kustomize.DEPLOY.toAbsolutePath().normalize());
        Files.writeString(kustomization.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "resources:",
                "  - " + deploy.resolve("base"),
                "components:",
                "  - " + deploy.resolve("components/secured-endpoints"),
                ""));

        Manifests alone = Kustomize.render(kustomization);

        assertThat(alone.all(ServiceMonitor.class)).isEmpty();
        assertThat(alone.vigil().getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
        assertThat(alone.vigil().getEnv()).extracting(EnvVar::getName).contains("VIGIL_HTTP_WEB_CONFIG_FILE");
    }

    /** Whether a certificate's DNS names cover a host name (a wildcard covers exactly one leftmost label). */
    private static boolean covers(List<String> dnsNames, String host) {
        return dnsNames.stream().anyMatch(name -> name.startsWith("*.")
                ? host.indexOf('.') > 0 && host.substring(host.indexOf('.') + 1).equals(name.substring(2))
                : name.equalsIgnoreCase(host));
    }

    /** A CA and a certificate for the names of certificate.example.yaml, written over the mount's placeholders. */
    private TestCertificates certificatesFor(Path local) throws Exception {
        JsonNode certificate = YAML.readTree(Kustomize.SECURED_ENDPOINTS.resolve("certificate.example.yaml").toFile());
        List<String> names = new ArrayList<>();
        certificate.path("spec").path("dnsNames").forEach(n -> names.add(n.asText()));
        TestCertificates certs = TestCertificates.builder(dir.resolve("certs"))
                .serverNames(names.toArray(String[]::new)).generate();
        Files.copy(certs.serverCertPem(), local.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.serverKeyPem(), local.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.caCertPem(), local.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
        return certs;
    }

    /** The pod's configuration with a real certificate, key and CA in the mount (HttpSecurity reads their PEM). */
    private VigilConfig withCertificates(Path local) throws Exception {
        certificatesFor(local);
        return load(local).config();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpClient trusting(TestCertificates certs) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.truststore())) {
            store.load(in, certs.password().toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static int status(HttpClient client, int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
