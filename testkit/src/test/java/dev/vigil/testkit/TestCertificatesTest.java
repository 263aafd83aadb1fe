package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.Socket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated files are what a TLS server and client accept: chains verify, names match, mutual TLS works. */
class TestCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void writesPemFilesAndStoresWhoseServerChainVerifiesAgainstTheCa() throws Exception {
        TestCertificates certs = TestCertificates.builder(dir).password("s3cret")
                .serverNames("broker.internal", "10.1.2.3").clientCertificate("vigil-client").generate();

        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate ca;
        X509Certificate server;
        try (InputStream in = Files.newInputStream(certs.caCertPem())) {
            ca = (X509Certificate) factory.generateCertificate(in);
        }
        try (InputStream in = Files.newInputStream(certs.serverCertPem())) {
            server = (X509Certificate) factory.generateCertificate(in);
        }
        assertThat(Files.readString(certs.serverKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certs.clientKeyPem())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(TestCertificates.traditionalPem(certs.serverKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (InputStream in = Files.newInputStream(certs.serverChainPem())) {
            assertThat(factory.generateCertificates(in)).hasSize(2);
        }

        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(server)), parameters);

        assertThat(server.getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "broker.internal", "10.1.2.3");
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");

        KeyStore keystore = load(certs.serverKeystore(), "s3cret");
        assertThat(keystore.getCertificateChain("server")).hasSize(2);
        assertThat(load(certs.truststore(), "s3cret").getCertificate("ca")).isEqualTo(ca);
        assertThat(load(certs.clientKeystore(), "s3cret").isKeyEntry("client")).isTrue();
    }

    @Test
    void aClientTrustingTheCaCompletesAMutualTlsHandshakeWithHostnameVerification() throws Exception {
        TestCertificates certs = TestCertificates.builder(dir).clientCertificate("vigil-client").generate();
        SSLContext serverContext = context(certs.serverKeystore(), certs.truststore(), certs.password());
        SSLContext clientContext = context(certs.clientKeystore(), certs.truststore(), certs.password());

        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setNeedClientAuth(true);
            CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                    String name = accepted.getSession().getPeerPrincipal().getName();
                    accepted.getOutputStream().write(1);
                    return name;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                    .createSocket("localhost", listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // checks "localhost" against the SANs
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
            }
            assertThat(peer.get(30, TimeUnit.SECONDS)).isEqualTo("CN=vigil-client");
        }
    }

    @Test
    void aHostTheCertificateDoesNotNameOrAClientThatDoesNotTrustTheCaIsRefused() throws Exception {
        TestCertificates certs = TestCertificates.builder(dir).serverNames("vigil-0.vigil").generate();
        SSLContext serverContext = context(certs.serverKeystore(), certs.truststore(), certs.password());
        SSLContext trusting = context(null, certs.truststore(), certs.password());

        assertThat(handshake(serverContext, trusting, "vigil-0.vigil")).isTrue();
        assertThatThrownBy(() -> handshake(serverContext, trusting, "vigil-1.vigil"))
                .isInstanceOf(SSLHandshakeException.class);
        SSLContext jdkDefaults = SSLContext.getInstance("TLS");
        jdkDefaults.init(null, null, null);
        assertThatThrownBy(() -> handshake(serverContext, jdkDefaults, "localhost"))
                .isInstanceOf(SSLHandshakeException.class);
    }

    /** Connects over loopback but verifies the server's certificate against {@code host}. */
    private static boolean handshake(SSLContext serverContext, SSLContext clientContext, String host) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                } catch (Exception refusedByTheClient) {
                    // the client's failure is what the test looks at
                }
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                         .createSocket(plain, host, listener.getLocalPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return socket.getSession().isValid();
            } finally {
                server.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static SSLContext context(Path keystore, Path truststore, String password) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore, password));
        KeyManagerFactory keys = null;
        if (keystore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keystore, password), password.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
