package dev.vigil.app.http.security;

import static dev.vigil.app.http.security.CredentialsTest.basic;
import static dev.vigil.app.http.security.CredentialsTest.bcrypt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.app.http.HttpEndpoints;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.TestCertificates;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.streams.state.HostInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP endpoints behind the web configuration file: real TLS with certificates made for the
 * test, credentials missing, wrong and right, and the client an instance calls the others with.
 */
class HttpSecurityTest {
    @TempDir
    Path dir;

    private TestCertificates certs;
    private HttpEndpoints endpoints;

    @BeforeEach
    void certificates() {
        certs = TestCertificates.builder(dir.resolve("certs")).clientCertificate("scraper").generate();
    }

    @AfterEach
    void stop() {
        if (endpoints != null) {
            endpoints.close();
        }
    }

    @Test
    void withTlsAndCredentialsEveryPathButTheProbesAsksForThem() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
        HttpSecurity security = security("""
                tls_server_config:
                  cert_file: certs/server.pem
                  key_file: certs/server-key.pem
                basic_auth_users:
                  prometheus: '%s'
                """.formatted(bcrypt("scrape-me", 4)), "bearer_token_file: " + token);
        assertThat(security.scheme()).isEqualTo("https");
        int port = start(security);
        HttpClient client = trustingClient(null);

        for (String path : new String[] {"/metrics", "/api/v1/summary", "/", "/status/app.js", "/nowhere"}) {
            HttpResponse<String> none = get(client, port, path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"vigil\"");
            assertThat(get(client, port, path, basic("prometheus", "wrong")).statusCode()).as(path).isEqualTo(401);
            assertThat(get(client, port, path, "Bearer tok-1234").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get(client, port, "/metrics", basic("prometheus", "scrape-me")).statusCode()).isEqualTo(200);
        assertThat(get(client, port, "/metrics", "Bearer tok-123").statusCode()).isEqualTo(200);
        assertThat(get(client, port, "/api/v1/summary", "Bearer tok-123").statusCode())
                .as("authenticated, the API answers (503 while starting)").isEqualTo(503);
        assertThat(get(client, port, "/healthz", null).statusCode()).isEqualTo(200);
        assertThat(get(client, port, "/readyz", null).statusCode()).isEqualTo(503); // open, just not ready

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .as("plain HTTP to the TLS port").isInstanceOf(IOException.class);
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> get(untrusting, port, "/healthz", null))
                .as("a client that does not trust the CA").isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void thePeerClientSpeaksHttpsWithTheConfiguredTrustHostNameAndCredentials() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "peer-secret\n");
        HttpSecurity security = security("""
                tls_server_config:
                  cert_file: certs/server.pem
                  key_file: certs/server-key.pem
                  client_auth_type: RequireAndVerifyClientCert
                  client_ca_file: certs/ca.pem
                basic_auth_users:
                  vigil: '%s'
                """.formatted(bcrypt("peer-secret", 4)),
                "client: {ca_file: " + certs.caCertPem() + ", basic_auth: {username: vigil, password_file: " + password
                        + "}}");
        // All interfaces, so that 127.0.0.2 reaches it too: a name the certificate does not carry.
        int port = start(security, "0.0.0.0");

        HttpResponse<byte[]> viaPeer = security.peerClient().get(new HostInfo("localhost", port), "/metrics",
                Duration.ofSeconds(10), Map.of());
        assertThat(viaPeer.statusCode()).as("own certificate presented, credentials sent, host name checked")
                .isEqualTo(200);
        assertThatThrownBy(() -> security.peerClient().get(new HostInfo("127.0.0.2", port), "/metrics",
                Duration.ofSeconds(10), Map.of())).as("127.0.0.2 is not in the certificate")
                .isInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> get(trustingClient(null), port, "/healthz", null))
                .as("no client certificate where one is required").isInstanceOf(IOException.class);
    }

    @Test
    void minVersionTls13RefusesATls12Client() throws Exception {
        HttpSecurity security = security("""
                tls_server_config:
                  cert_file: certs/server.pem
                  key_file: certs/server-key.pem
                  min_version: TLS13
                """, "");
        int port = start(security);
        assertThat(get(trustingClient(null), port, "/healthz", null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> get(trustingClient("TLSv1.2"), port, "/healthz", null))
                .isInstanceOf(IOException.class);
    }

    @Test
    void pkcs1AndEcKeysAreReadAndBadPemIsNamed() throws Exception {
        Path pkcs1 = Files.writeString(dir.resolve("rsa.pem"), TestCertificates.traditionalPem(certs.serverKey()));
        assertThat(PemFiles.privateKey(pkcs1, "k")).isEqualTo(certs.serverKey());

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair ec = generator.generateKeyPair();
        Path sec1 = dir.resolve("ec-key.pem");
        // SEC1 as openssl writes it: the curve and the public key inside the key structure.
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info =
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(ec.getPrivate().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        org.bouncycastle.asn1.sec.ECPrivateKey full = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded())
                        .getPublicKeyData(), info.getPrivateKeyAlgorithm().getParameters());
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(sec1))) {
            writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", full.getEncoded()));
        }
        assertThat(Files.readString(sec1)).contains("BEGIN EC PRIVATE KEY");
        Path ecCert = Files.writeString(dir.resolve("ec.pem"), TestCertificates.pem(selfSigned(ec)));
        HttpSecurity ecSecurity = security("tls_server_config: {cert_file: " + ecCert + ", key_file: " + sec1 + "}\n",
                "");
        int port = start(ecSecurity);
        assertThat(get(trustingClient(null, ecCert), port, "/healthz", null).statusCode()).isEqualTo(200);

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n"
                + "-----END CERTIFICATE-----\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        assertThatThrownBy(() -> security("tls_server_config: {cert_file: " + garbage + ", key_file: "
                + certs.serverKeyPem() + "}\n", "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_server_config.cert_file: " + garbage);
        assertThatThrownBy(() -> security("tls_server_config: {cert_file: " + certs.serverCertPem() + ", key_file: "
                + empty + "}\n", "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls_server_config.key_file: no private key in " + empty);
        assertThatThrownBy(() -> security("tls_server_config: {cert_file: " + certs.serverCertPem() + ", key_file: "
                + certs.clientKeyPem() + "}\n", "")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void withoutAWebConfigFileNothingIsAskedAndTheSchemeIsHttp() throws Exception {
        HttpSecurity security = HttpSecurity.fromConfig(ConfigLoader.fromYaml("", Map.of()).http());
        assertThat(security.scheme()).isEqualTo("http");
        assertThat(security.serverContext()).isNull();
        assertThat(security.permits("/metrics", null)).isTrue();
        assertThat(security.peerClient().scheme()).isEqualTo("http");
    }

    @Test
    void theOpenPathsAreConfigurable() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        HttpSecurity security = security("", "bearer_token_file: " + token
                + "\n  unauthenticated_paths: [/healthz, /status/]");
        assertThat(security.permits("/healthz", null)).isTrue();
        assertThat(security.permits("/status/app.js", null)).isTrue();
        assertThat(security.permits("/readyz", null)).isFalse();
        assertThat(security.permits("/healthz/x", null)).isFalse();
        assertThat(security.permits("/readyz", "Bearer t")).isTrue();
    }

    private HttpSecurity security(String webYaml, String httpExtra) throws IOException {
        Path web = Files.writeString(dir.resolve("web-" + System.nanoTime() + ".yml"), webYaml);
        VigilConfig config = ConfigLoader.fromYaml("http:\n  web_config_file: " + web + "\n  " + httpExtra + "\n",
                Map.of());
        return HttpSecurity.fromConfig(config.http());
    }

    private int start(HttpSecurity security) throws IOException {
        return start(security, "127.0.0.1");
    }

    private int start(HttpSecurity security, String host) throws IOException {
        endpoints = HttpEndpoints.starting(host, 0, new PrometheusRegistry(), Set.of("/api/v1/summary"),
                security);
        return endpoints.port();
    }

    private HttpClient trustingClient(String onlyProtocol) throws Exception {
        return trustingClient(onlyProtocol, certs.caCertPem());
    }

    private HttpClient trustingClient(String onlyProtocol, Path ca) throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (X509Certificate c : PemFiles.certificates(ca, "ca")) {
            store.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5));
        if (onlyProtocol != null) {
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(new String[] {onlyProtocol});
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path, String authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minusSeconds(3600)), Date.from(now.plusSeconds(86400)), name, pair.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }
}
