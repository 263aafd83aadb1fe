package dev.vigil.app.http.security;

import dev.vigil.app.cluster.PeerClient;
import dev.vigil.config.ConfigException;
import dev.vigil.config.VigilConfig;
import dev.vigil.config.WebConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code http} section and its web configuration file make of the HTTP endpoints: the
 * server's TLS (null for plain HTTP), the credentials every request must carry except on the open
 * paths, and how this instance calls the others ({@link #peerClient()}: https with the configured
 * trust, presenting its own certificate, and credentials when the others ask for them).
 *
 * <p>Everything is read at start-up, so a bad file stops {@code vigil run} with a message naming
 * the key, not the first request.
 */
public final class HttpSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSecurity.class);
    private static final char[] IN_MEMORY = "vigil".toCharArray();

    /** Plain HTTP, nothing asked: the defaults. */
    public static final HttpSecurity NONE = new HttpSecurity(null, null, new Credentials(Map.of(), null),
            List.of("/healthz", "/readyz"), PeerClient.plain());

    private final SSLContext serverContext;
    private final SSLParameters serverParameters;
    private final Credentials credentials;
    private final List<String> openPaths;
    private final PeerClient peerClient;
    private final String description;

    private HttpSecurity(SSLContext serverContext, SSLParameters serverParameters, Credentials credentials,
                         List<String> openPaths, PeerClient peerClient) {
        this(serverContext, serverParameters, credentials, openPaths, peerClient, "plain HTTP, no credentials asked");
    }

    private HttpSecurity(SSLContext serverContext, SSLParameters serverParameters, Credentials credentials,
                         List<String> openPaths, PeerClient peerClient, String description) {
        this.description = description;
        this.serverContext = serverContext;
        this.serverParameters = serverParameters;
        this.credentials = credentials;
        this.openPaths = List.copyOf(openPaths);
        this.peerClient = peerClient;
    }

    /**
     * Reads the web configuration file, the PEM files and the secrets the section names.
     *
     * @throws ConfigException naming the key, for a file that cannot be used
     */
    public static HttpSecurity fromConfig(VigilConfig.Http http) {
        WebConfig web = http.webConfigFile() == null ? null : WebConfig.load(Path.of(http.webConfigFile()));
        String token = http.bearerTokenFile() == null ? null
                : secret(Path.of(http.bearerTokenFile()), "http.bearer_token_file");
        Credentials credentials = new Credentials(web == null ? Map.of() : web.basicAuthUsers(), token);

        WebConfig.Tls tls = web == null ? null : web.tls();
        SSLContext serverContext = null;
        SSLParameters parameters = null;
        KeyManagerFactory ownKey = null;
        if (tls != null) {
            ownKey = keyManagers(tls);
            TrustManagerFactory clientCas = tls.clientCaFile() == null ? null
                    : trusting(tls.clientCaFile(), "tls_server_config.client_ca_file");
            serverContext = context(ownKey, clientCas);
            parameters = serverParameters(serverContext, tls);
        }

        Map<String, String> peerHeaders = Map.of();
        VigilConfig.BasicAuth basic = http.client().basicAuth();
        if (basic != null) {
            String password = secret(Path.of(basic.passwordFile()), "http.client.basic_auth.password_file");
            peerHeaders = Map.of("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((basic.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (token != null) {
            peerHeaders = Map.of("Authorization", "Bearer " + token);
        } else if (credentials.required()) {
            LOG.warn("basic_auth_users are configured but this instance has no credentials to send to the others "
                    + "(http.client.basic_auth or http.bearer_token_file): forwarded queries and the alerts and "
                    + "summary of several instances will be refused");
        }
        PeerClient peers;
        if (tls == null) {
            peers = new PeerClient(PeerClient.clientBuilder().build(), "http", peerHeaders);
        } else {
            // The others' certificates are checked against http.client.ca_file (else the JVM's trust
            // store), host name included; this instance's own certificate goes along in case they
            // require client certificates.
            TrustManagerFactory peerTrust = http.client().caFile() == null ? null
                    : trusting(Path.of(http.client().caFile()), "http.client.ca_file");
            SSLContext clientContext = context(ownKey, peerTrust);
            peers = new PeerClient(PeerClient.clientBuilder().sslContext(clientContext).build(), "https",
                    peerHeaders);
        }
        return new HttpSecurity(serverContext, parameters, credentials, http.unauthenticatedPaths(), peers,
                describe(tls, web, token != null, http));
    }

    /** One line for the start-up log and check-config: what a client must bring. No secret in it. */
    private static String describe(WebConfig.Tls tls, WebConfig web, boolean token, VigilConfig.Http http) {
        StringBuilder out = new StringBuilder(tls == null ? "plain HTTP" : "HTTPS (" + String.join("/",
                List.of("TLSv1.2", "TLSv1.3").stream().filter(v -> v.compareTo(tls.minVersion()) >= 0)
                        .filter(v -> tls.maxVersion() == null || v.compareTo(tls.maxVersion()) <= 0).toList())
                + (tls.clientAuth() == WebConfig.ClientAuth.NO_CLIENT_CERT ? ""
                : ", client certificates " + tls.clientAuth().fileName()) + ")");
        int users = web == null ? 0 : web.basicAuthUsers().size();
        if (users == 0 && !token) {
            return out.append(" on ").append(http.bindAddress()).append(", no credentials asked").toString();
        }
        out.append(" on ").append(http.bindAddress()).append(", credentials asked: ");
        if (users > 0) {
            out.append("basic auth (").append(users).append(users == 1 ? " user)" : " users)");
        }
        if (token) {
            out.append(users > 0 ? " or " : "").append("bearer token");
        }
        out.append("; open: ").append(http.unauthenticatedPaths().isEmpty() ? "none"
                : String.join(", ", http.unauthenticatedPaths()));
        return out.toString();
    }

    /** @return what a client must bring, in one line without secrets (for the start-up log and check-config) */
    public String description() {
        return description;
    }

    /** @return the server's TLS context, or null for plain HTTP */
    public SSLContext serverContext() {
        return serverContext;
    }

    /** @return protocols and client authentication of the server's handshakes; null for plain HTTP */
    public SSLParameters serverParameters() {
        return serverParameters;
    }

    /** @return {@code https} or {@code http} */
    public String scheme() {
        return serverContext == null ? "http" : "https";
    }

    /** @return how this instance calls the others */
    public PeerClient peerClient() {
        return peerClient;
    }

    /**
     * @param path          the request path
     * @param authorization its {@code Authorization} header, or null
     * @return whether the request may be served
     */
    public boolean permits(String path, String authorization) {
        return !credentials.required() || isOpen(path) || credentials.accepts(authorization);
    }

    /** An exact open path, or under one that ends with {@code /}. */
    private boolean isOpen(String path) {
        for (String open : openPaths) {
            if (open.equals(path) || open.endsWith("/") && path.startsWith(open)) {
                return true;
            }
        }
        return false;
    }

    private static KeyManagerFactory keyManagers(WebConfig.Tls tls) {
        List<X509Certificate> chain = PemFiles.certificates(tls.certFile(), "tls_server_config.cert_file");
        PrivateKey key = PemFiles.privateKey(tls.keyFile(), "tls_server_config.key_file");
        PemFiles.requireMatch(key, chain.get(0), tls.keyFile(), tls.certFile());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("vigil", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, IN_MEMORY);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("tls_server_config: cannot use " + tls.certFile() + " and " + tls.keyFile()
                    + ": " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trusting(Path caFile, String key) {
        List<X509Certificate> cas = PemFiles.certificates(caFile, key);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(key + ": cannot trust " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManagerFactory keys, TrustManagerFactory trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(),
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static SSLParameters serverParameters(SSLContext context, WebConfig.Tls tls) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        List<String> allowed = List.of("TLSv1.2", "TLSv1.3").stream()
                .filter(v -> v.compareTo(tls.minVersion()) >= 0)
                .filter(v -> tls.maxVersion() == null || v.compareTo(tls.maxVersion()) <= 0)
                .toList();
        parameters.setProtocols(allowed.toArray(String[]::new));
        switch (tls.clientAuth()) {
            case REQUIRE_AND_VERIFY_CLIENT_CERT -> parameters.setNeedClientAuth(true);
            case VERIFY_CLIENT_CERT_IF_GIVEN -> parameters.setWantClientAuth(true);
            case NO_CLIENT_CERT -> {
                parameters.setNeedClientAuth(false);
                parameters.setWantClientAuth(false);
            }
        }
        return parameters;
    }

    /** A secret file's trimmed content. */
    private static String secret(Path file, String key) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new ConfigException(key + ": " + file + " is empty");
            }
            return value;
        } catch (IOException e) {
            throw new ConfigException(key + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
