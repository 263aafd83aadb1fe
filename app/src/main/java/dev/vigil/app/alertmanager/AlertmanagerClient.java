package dev.vigil.app.alertmanager;

import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Posts alerts to one Alertmanager's v2 API ({@code POST <url>/api/v2/alerts}) with the configured
 * authentication, CA and timeout. Secrets are read once, at start-up, so a missing file stops start-up
 * rather than every notification.
 */
public final class AlertmanagerClient {
    static final String PATH = "/api/v2/alerts";

    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;

    public AlertmanagerClient(VigilConfig.Alertmanager config) {
        this.timeout = config.timeout();
        this.authorization = authorization(config);
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.timeout());
        if (config.tls().caFile() != null) {
            builder.sslContext(trusting(Path.of(config.tls().caFile())));
        }
        this.http = builder.build();
    }

    /**
     * @throws IOException when the request fails or Alertmanager does not answer 2xx
     */
    public void post(String baseUrl, byte[] json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint(baseUrl))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IOException("HTTP " + response.statusCode() + " from " + baseUrl + ": "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body).strip());
        }
    }

    static URI endpoint(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return URI.create(base + PATH);
    }

    private static String authorization(VigilConfig.Alertmanager config) {
        if (config.basicAuth() != null) {
            String password = read(config.basicAuth().passwordFile());
            return "Basic " + Base64.getEncoder().encodeToString(
                    (config.basicAuth().username() + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        if (config.bearerTokenFile() != null) {
            return "Bearer " + read(config.bearerTokenFile());
        }
        return null;
    }

    /** A secret file's content without the trailing newline editors add. */
    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Trusts exactly the certificates of a PEM file. */
    private static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IllegalArgumentException("alerts.alertmanager.tls.ca_file: no certificate in " + caFile);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("alerts.alertmanager.tls.ca_file: cannot read " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("alerts.alertmanager.tls.ca_file: " + caFile + ": " + e.getMessage(), e);
        }
    }
}
