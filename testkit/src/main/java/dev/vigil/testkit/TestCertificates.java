package dev.vigil.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority with a server certificate and, on request, a client
 * certificate, written to a directory as PEM files and PKCS12 stores, for tests that need real TLS.
 *
 * <p>Everything is generated fresh (RSA 2048, SHA-256, valid from an hour ago for a week), so no
 * key material lives in the repository and nothing expires under a test. The server certificate
 * names {@code localhost} and {@code 127.0.0.1} plus any extra names (an extra name that is an IP
 * literal becomes an IP-address SAN, anything else a DNS SAN), and may also be used as a TLS client
 * certificate (extended key usage serverAuth and clientAuth), so one certificate serves a broker's
 * inter-broker listener or an instance that calls its peers.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.builder(tempDir).password("changeit")
 *         .serverNames("broker.internal").clientCertificate("vigil-client").generate();
 * certs.serverCertPem();     // tempDir/server.pem
 * certs.serverKeystore();    // tempDir/server.p12, alias "server", password "changeit"
 * certs.truststore();        // tempDir/truststore.p12, alias "ca"
 * }</pre>
 *
 * <p>Files written (all in the one directory):
 * <ul>
 *   <li>{@code ca.pem}: the CA certificate;</li>
 *   <li>{@code server.pem}, {@code server-key.pem}: the server certificate and its unencrypted PKCS#8
 *       key ({@code BEGIN PRIVATE KEY}); {@code server-chain.pem}: server then CA certificate;</li>
 *   <li>{@code server.p12}: PKCS12 keystore with the server key and chain;</li>
 *   <li>{@code truststore.p12}: PKCS12 truststore with the CA certificate;</li>
 *   <li>{@code client.pem}, {@code client-key.pem}, {@code client.p12}: the same for the client
 *       certificate, when asked for.</li>
 * </ul>
 */
public final class TestCertificates {

    /** Default password of the PKCS12 stores. */
    public static final String DEFAULT_PASSWORD = "changeit";

    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final int KEY_BITS = 2048;
    private static final Duration VALIDITY = Duration.ofDays(7);
    /** Clocks of a test machine may differ a little from the issuer's "now". */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Path directory;
    private final String password;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final X509Certificate serverCertificate;
    private final PrivateKey serverKey;
    private final X509Certificate clientCertificate;
    private final PrivateKey clientKey;

    private TestCertificates(Path directory, String password, X509Certificate caCertificate, PrivateKey caKey,
                             X509Certificate serverCertificate, PrivateKey serverKey,
                             X509Certificate clientCertificate, PrivateKey clientKey) {
        this.directory = directory;
        this.password = password;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
        this.clientCertificate = clientCertificate;
        this.clientKey = clientKey;
    }

    /**
     * @param directory where the files go (created if missing); a test's temporary directory
     * @return a builder with the default password, no extra server names and no client certificate
     */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /**
     * A CA and a server certificate for {@code localhost}/{@code 127.0.0.1} in {@code directory},
     * stores protected with {@link #DEFAULT_PASSWORD}.
     */
    public static TestCertificates generate(Path directory) {
        return builder(directory).generate();
    }

    /** Options of {@link TestCertificates}. */
    public static final class Builder {
        private final Path directory;
        private String password = DEFAULT_PASSWORD;
        private final Set<String> serverNames = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        private String serverCommonName = "localhost";
        private String clientCommonName;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** The password of the PKCS12 stores (the PEM keys are not encrypted). */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** Names the server certificate carries besides localhost and 127.0.0.1 (DNS names or IP literals). */
        public Builder serverNames(String... names) {
            for (String name : names) {
                serverNames.add(Objects.requireNonNull(name, "name"));
            }
            return this;
        }

        /** The server certificate's subject CN (default {@code localhost}). */
        public Builder serverCommonName(String commonName) {
            this.serverCommonName = Objects.requireNonNull(commonName, "commonName");
            return this;
        }

        /** Also make a client certificate with this subject CN. */
        public Builder clientCertificate(String commonName) {
            this.clientCommonName = Objects.requireNonNull(commonName, "commonName");
            return this;
        }

        /** Generates the keys and certificates and writes every file. */
        public TestCertificates generate() {
            try {
                Files.createDirectories(directory);
                Instant now = Instant.now();
                KeyPair ca = newKeyPair();
                X500Name caName = new X500Name("CN=Vigil Test CA " + now.toEpochMilli());
                X509Certificate caCert = caCertificate(caName, ca, now);

                KeyPair server = newKeyPair();
                X509Certificate serverCert = leafCertificate(caName, ca, caCert, server, now,
                        new X500Name("CN=" + serverCommonName), serverNames,
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});

                X509Certificate clientCert = null;
                PrivateKey clientPrivate = null;
                if (clientCommonName != null) {
                    KeyPair client = newKeyPair();
                    clientCert = leafCertificate(caName, ca, caCert, client, now,
                            new X500Name("CN=" + clientCommonName), Set.of(),
                            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
                    clientPrivate = client.getPrivate();
                }
                TestCertificates certs = new TestCertificates(directory, password, caCert, ca.getPrivate(),
                        serverCert, server.getPrivate(), clientCert, clientPrivate);
                certs.writeFiles();
                return certs;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write test certificates to " + directory, e);
            } catch (GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot generate test certificates", e);
            }
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(KEY_BITS);
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(X500Name name, KeyPair ca, Instant now)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), name, ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private static X509Certificate leafCertificate(X500Name issuer, KeyPair ca, X509Certificate caCert, KeyPair subject,
                                                   Instant now, X500Name subjectName, Set<String> names,
                                                   KeyPurposeId[] purposes)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(VALIDITY)), subjectName, subject.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                .addExtension(Extension.subjectKeyIdentifier, false,
                        extensions.createSubjectKeyIdentifier(subject.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(caCert));
        if (!names.isEmpty()) {
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                alternatives.add(isIpLiteral(name)
                        ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        }
        return sign(builder, ca.getPrivate());
    }

    private static boolean isIpLiteral(String name) {
        return IPV4.matcher(name).matches() || name.contains(":");
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }

    private void writeFiles() throws IOException, GeneralSecurityException {
        Files.writeString(caCertPem(), pem(caCertificate));
        Files.writeString(serverCertPem(), pem(serverCertificate));
        Files.writeString(serverChainPem(), pem(serverCertificate) + pem(caCertificate));
        Files.writeString(serverKeyPem(), pkcs8Pem(serverKey));
        writeKeystore(serverKeystore(), "server", serverKey, serverCertificate);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", caCertificate);
        store(trust, truststore());
        if (clientCertificate != null) {
            Files.writeString(clientCertPem(), pem(clientCertificate));
            Files.writeString(clientKeyPem(), pkcs8Pem(clientKey));
            writeKeystore(clientKeystore(), "client", clientKey, clientCertificate);
        }
    }

    private void writeKeystore(Path file, String alias, PrivateKey key, X509Certificate certificate)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(alias, key, password.toCharArray(), new Certificate[] {certificate, caCertificate});
        store(store, file);
    }

    private void store(KeyStore store, Path file) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
    }

    /** PEM of a certificate ({@code BEGIN CERTIFICATE}). */
    public static String pem(X509Certificate certificate) {
        return pemObject(certificate);
    }

    /** PEM of a key in PKCS#8 ({@code BEGIN PRIVATE KEY}), as most servers and Kafka's PEM stores read it. */
    public static String pkcs8Pem(PrivateKey key) {
        // A JDK private key's encoding is PKCS#8 PrivateKeyInfo.
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** PEM of a key in OpenSSL's traditional form ({@code BEGIN RSA PRIVATE KEY}, PKCS#1), for parser tests. */
    public static String traditionalPem(PrivateKey key) {
        return pemObject(key);
    }

    private static String pemObject(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** @return the directory the files are in */
    public Path directory() {
        return directory;
    }

    /** @return the password of every PKCS12 store */
    public String password() {
        return password;
    }

    /** @return {@code ca.pem} */
    public Path caCertPem() {
        return directory.resolve("ca.pem");
    }

    /** @return {@code server.pem} */
    public Path serverCertPem() {
        return directory.resolve("server.pem");
    }

    /** @return {@code server-chain.pem}: the server certificate followed by the CA's */
    public Path serverChainPem() {
        return directory.resolve("server-chain.pem");
    }

    /** @return {@code server-key.pem}, PKCS#8, unencrypted */
    public Path serverKeyPem() {
        return directory.resolve("server-key.pem");
    }

    /** @return {@code server.p12}, alias {@code server} */
    public Path serverKeystore() {
        return directory.resolve("server.p12");
    }

    /** @return {@code truststore.p12}, alias {@code ca} */
    public Path truststore() {
        return directory.resolve("truststore.p12");
    }

    /** @return {@code client.pem}; only when a client certificate was asked for */
    public Path clientCertPem() {
        requireClient();
        return directory.resolve("client.pem");
    }

    /** @return {@code client-key.pem}, PKCS#8, unencrypted; only when a client certificate was asked for */
    public Path clientKeyPem() {
        requireClient();
        return directory.resolve("client-key.pem");
    }

    /** @return {@code client.p12}, alias {@code client}; only when a client certificate was asked for */
    public Path clientKeystore() {
        requireClient();
        return directory.resolve("client.p12");
    }

    /** @return the CA certificate */
    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** @return the CA's private key, to sign further certificates in a test */
    public PrivateKey caKey() {
        return caKey;
    }

    /** @return the server certificate */
    public X509Certificate serverCertificate() {
        return serverCertificate;
    }

    /** @return the server's private key */
    public PrivateKey serverKey() {
        return serverKey;
    }

    /** @return the client certificate; only when asked for */
    public X509Certificate clientCertificate() {
        requireClient();
        return clientCertificate;
    }

    /** @return the client's private key; only when asked for */
    public PrivateKey clientKey() {
        requireClient();
        return clientKey;
    }

    /** @return whether a client certificate was made */
    public boolean hasClientCertificate() {
        return clientCertificate != null;
    }

    private void requireClient() {
        if (clientCertificate == null) {
            throw new IllegalStateException("no client certificate: use builder(dir).clientCertificate(cn)");
        }
    }
}
