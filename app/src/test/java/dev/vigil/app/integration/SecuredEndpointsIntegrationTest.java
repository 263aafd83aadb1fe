package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.VigilApp;
import dev.vigil.app.stack.PrometheusApi;
import dev.vigil.app.stack.PrometheusServer;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import dev.vigil.testkit.RequiredTool;
import dev.vigil.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Vigil with {@code http.web_config_file} (TLS with certificates made for the test, basic auth
 * users with bcrypt hashes) and {@code http.bearer_token_file}, on a real broker: missing, wrong
 * and right credentials; two instances forwarding to each other over the same TLS with the
 * credentials of {@code http.client}; and a real Prometheus scraping with the job of
 * docker/prometheus/vigil-secured.job.yml.
 */
class SecuredEndpointsIntegrationTest extends BrokerIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 3_000;
    private static final String SCRAPE_PASSWORD = "scrape-pässword";
    private static final String PEER_PASSWORD = "peer-password";
    private static final String TOKEN = "a-bearer-token-0123456789";

    private TestCertificates certs;
    private HttpClient https;
    private Path scrapePassword;
    private Map<String, String> securedEnv;

    @BeforeEach
    void secure() throws Exception {
        certs = TestCertificates.builder(tempDir.resolve("certs")).generate();
        Path web = Files.writeString(tempDir.resolve("web.yml"), """
                tls_server_config:
                  cert_file: certs/server.pem
                  key_file: certs/server-key.pem
                  min_version: TLS12
                basic_auth_users:
                  prometheus: '%s'
                  vigil: '%s'
                """.formatted(bcrypt(SCRAPE_PASSWORD), bcrypt(PEER_PASSWORD)));
        Path token = Files.writeString(tempDir.resolve("token"), TOKEN + "\n");
        Path peerPassword = Files.writeString(tempDir.resolve("peer-password"), PEER_PASSWORD + "\n");
        scrapePassword = Files.writeString(tempDir.resolve("scrape-password"), SCRAPE_PASSWORD);
        securedEnv = Map.of(
                "VIGIL_HTTP_BIND_ADDRESS", "127.0.0.1",
                "VIGIL_HTTP_WEB_CONFIG_FILE", web.toString(),
                "VIGIL_HTTP_BEARER_TOKEN_FILE", token.toString(),
                "VIGIL_HTTP_CLIENT_CA_FILE", certs.caCertPem().toString(),
                "VIGIL_HTTP_CLIENT_BASIC_AUTH_USERNAME", "vigil",
                "VIGIL_HTTP_CLIENT_BASIC_AUTH_PASSWORD_FILE", peerPassword.toString());
        https = trustingTheTestCa();
    }

    @Test
    void twoInstancesAnswerOnlyWithCredentialsAndForwardToEachOtherOverTls() throws Exception {
        TestTopics topics = TestTopics.unique();
        createInput(topics, 4);
        publish(topics);
        try (VigilApp a = VigilApp.start(config(topics, env("a")));
             VigilApp b = VigilApp.start(config(topics, env("b")))) {
            int portA = a.httpPort();
            int portB = b.httpPort();
            // The probes stay open: readiness is awaited without credentials.
            await("/readyz of both").atMost(TIMEOUT).until(() ->
                    send(portA, "/readyz", null).statusCode() == 200 && send(portB, "/readyz", null).statusCode() == 200);
            assertThat(send(portA, "/healthz", null).statusCode()).isEqualTo(200);

            for (String path : List.of("/metrics", "/api/v1/summary", "/api/v1/alerts",
                    "/api/v1/aggregates/pools/browser", "/")) {
                HttpResponse<String> none = send(portA, path, null);
                assertThat(none.statusCode()).as("no credentials: " + path).isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"vigil\"");
                assertThat(send(portA, path, basic("prometheus", "wrong")).statusCode()).as("wrong password: " + path)
                        .isEqualTo(401);
                assertThat(send(portA, path, basic("nobody", SCRAPE_PASSWORD)).statusCode()).as("unknown user: " + path)
                        .isEqualTo(401);
                assertThat(send(portA, path, "Bearer wrong-token").statusCode()).as("wrong token: " + path)
                        .isEqualTo(401);
            }
            HttpResponse<String> scraped = send(portA, "/metrics", basic("prometheus", SCRAPE_PASSWORD));
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("vigil_build_info");
            assertThat(send(portB, "/metrics", "Bearer " + TOKEN).statusCode()).isEqualTo(200);

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + portA + "/healthz")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString())).as("plain HTTP to the TLS port").isInstanceOf(IOException.class);

            // Each key lives on one of the two: the other forwards to it over https with its own credentials.
            String credentials = basic("prometheus", SCRAPE_PASSWORD);
            await("aggregates of the browser pool").atMost(TIMEOUT).until(() ->
                    send(portA, "/api/v1/aggregates/pools/browser", credentials).statusCode() == 200
                            && send(portB, "/api/v1/aggregates/pools/browser", credentials).statusCode() == 200);

            // The summary gathers the other instance's part over https: both instances, same totals.
            JsonNode[] summaries = new JsonNode[2];
            await("summary of both instances").atMost(TIMEOUT).until(() -> {
                HttpResponse<String> fromA = send(portA, "/api/v1/summary", credentials);
                HttpResponse<String> fromB = send(portB, "/api/v1/summary", credentials);
                if (fromA.statusCode() != 200 || fromB.statusCode() != 200) {
                    return false;
                }
                summaries[0] = JSON.readTree(fromA.body());
                summaries[1] = JSON.readTree(fromB.body());
                return summaries[0].path("instances").size() == 2
                        && summaries[0].path("events").path("total").asLong() == EVENTS
                        && summaries[0].path("events").equals(summaries[1].path("events"));
            });
            // Both answer the same once the input is processed: each the owner's answer (compared until the
            // aggregates downstream of the counted input have settled; a broken forward never matches).
            for (String path : List.of("/api/v1/aggregates/pools/browser", "/api/v1/aggregates/agents/planner",
                    "/api/v1/aggregates/tasks/no-such-task")) {
                String[] answers = new String[2];
                try {
                    await(path + " the same from both").atMost(TIMEOUT).until(() -> {
                        HttpResponse<String> fromA = send(portA, path, credentials);
                        HttpResponse<String> fromB = send(portB, path, "Bearer " + TOKEN);
                        answers[0] = fromA.statusCode() + " " + fromA.body();
                        answers[1] = fromB.statusCode() + " " + fromB.body();
                        return answers[0].equals(answers[1]);
                    });
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    assertThat(answers[0]).as(path).isEqualTo(answers[1]);
                    throw e;
                }
            }
            assertThat(summaries[0].path("events").path("accepted").asLong()).isPositive();
            assertThat(send(portA, "/api/v1/alerts", credentials).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void prometheusScrapesTheSecuredMetricsWithTheDockerJob() throws Exception {
        RequiredTool.PROMETHEUS.path(); // before any work: skipped or failed here when missing
        TestTopics topics = TestTopics.unique();
        createInput(topics, 1);
        try (VigilApp app = VigilApp.start(config(topics, env("p")));
             PrometheusServer prometheus = PrometheusServer.startSecured("localhost:" + app.httpPort(),
                     Files.createDirectories(tempDir.resolve("prometheus")), certs.caCertPem(), scrapePassword)) {
            PrometheusApi api = prometheus.api();
            try {
                await("Prometheus scrapes the secured /metrics (up == 1)").atMost(TIMEOUT).until(() ->
                        api.query("up{job=\"vigil\"} == 1").series().size() == 1
                                && !api.query("vigil_build_info").series().isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("Prometheus did not scrape Vigil: " + prometheus.logText(), e);
            }
        }
    }

    private Map<String, String> env(String instance) {
        Map<String, String> env = new HashMap<>(securedEnv);
        env.put("VIGIL_KAFKA_PROPERTIES_STATE_DIR", tempDir.resolve("state-" + instance).toString());
        return env;
    }

    private static void publish(TestTopics topics) {
        try (Simulator simulator = new Simulator()) {
            simulator.run(SimulatorOptions.defaults(broker.bootstrapServers()).withTopic(topics.input())
                    .withSeed(41).withEvents(EVENTS), null);
        }
    }

    private HttpResponse<String> send(int port, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return https.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient trustingTheTestCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certs.truststore())) {
            trust.load(in, certs.password().toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static String bcrypt(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 10);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
