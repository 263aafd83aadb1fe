package dev.vigil.app.telemetry;

import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the Loki appender pushes: where, as whom, with which stream labels, and its bounds. The queue
 * bounds memory and decides when lines are dropped (never blocking the logging thread); a batch is
 * sent when it holds {@code batchLines} lines or its first line has waited {@code batchWait}.
 *
 * @param pushUrl        Loki's push API, {@code <loki_url>/loki/api/v1/push}
 * @param labels         the stream labels besides {@code level}: {@code app}, {@code instance}
 * @param queueLines     lines waiting to be sent at most; more are dropped
 * @param batchLines     lines in one push at most
 * @param batchWait      how long the first line of a batch waits for more
 * @param requestTimeout one push's limit (a push that times out is retried like a failed one)
 * @param headers        sent with every push: {@code X-Scope-OrgID}, {@code Authorization}; the
 *                       values may be secrets, so {@link #toString()} shows the names only
 * @param retry          how a push that Loki refused for now (429, 5xx) or that failed on the way is retried
 */
public record LokiSettings(URI pushUrl, Map<String, String> labels, int queueLines, int batchLines,
                           Duration batchWait, Duration requestTimeout, Map<String, String> headers,
                           LokiRetry retry) {
    static final String PUSH_PATH = "/loki/api/v1/push";
    /** Loki's multi-tenancy header: the tenant a push belongs to. */
    static final String TENANT_HEADER = "X-Scope-OrgID";

    public LokiSettings {
        Objects.requireNonNull(pushUrl, "pushUrl");
        labels = Map.copyOf(labels);
        if (queueLines < 1 || batchLines < 1) {
            throw new IllegalArgumentException("queueLines and batchLines must be >= 1");
        }
        Objects.requireNonNull(batchWait, "batchWait");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        retry = retry == null ? LokiRetry.DEFAULT : retry;
    }

    /** No tenant, no credentials, the default retries. */
    public LokiSettings(URI pushUrl, Map<String, String> labels, int queueLines, int batchLines, Duration batchWait,
                        Duration requestTimeout) {
        this(pushUrl, labels, queueLines, batchLines, batchWait, requestTimeout, Map.of(), LokiRetry.DEFAULT);
    }

    /**
     * Defaults for {@code observability.logging.loki_url}: 10,000 lines queued (a few MB), batches of
     * up to 1,000 lines or 1 s, 5 s per push.
     *
     * @param instance the {@code instance} label: which Vigil process wrote the line
     */
    public static LokiSettings of(String lokiUrl, String instance) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app", "vigil");
        labels.put("instance", instance);
        return new LokiSettings(pushUrl(lokiUrl), labels, 10_000, 1_000, Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /**
     * {@link #of(String, String)} for {@code observability.logging}, with its tenant and credentials;
     * the secret files are read now, once (a rotated secret needs a restart, as for Alertmanager).
     */
    public static LokiSettings of(VigilConfig.Logging logging, String instance) {
        return of(logging.lokiUrl(), instance).withHeaders(headers(logging.loki()));
    }

    /** The headers {@code loki_tenant_id}, {@code loki_basic_auth} or {@code loki_bearer_token_file} ask for. */
    static Map<String, String> headers(VigilConfig.LokiAccess access) {
        Map<String, String> out = new LinkedHashMap<>();
        if (access.tenantId() != null) {
            out.put(TENANT_HEADER, access.tenantId());
        }
        if (access.basicAuth() != null) {
            String password = secret(access.basicAuth().passwordFile());
            out.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (access.basicAuth().username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } else if (access.bearerTokenFile() != null) {
            out.put("Authorization", "Bearer " + secret(access.bearerTokenFile()));
        }
        return out;
    }

    /** A secret file's content without the trailing newline editors add. */
    private static String secret(String file) {
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (IOException e) {
            // The path only: the message never carries the content.
            throw new UncheckedIOException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The push API under a base URL; a URL that already names it is kept. */
    static URI pushUrl(String lokiUrl) {
        String base = lokiUrl.endsWith("/") ? lokiUrl.substring(0, lokiUrl.length() - 1) : lokiUrl;
        return URI.create(base.endsWith(PUSH_PATH) ? base : base + PUSH_PATH);
    }

    public LokiSettings withBounds(int queueLines, int batchLines, Duration batchWait, Duration requestTimeout) {
        return new LokiSettings(pushUrl, labels, queueLines, batchLines, batchWait, requestTimeout, headers, retry);
    }

    public LokiSettings withHeaders(Map<String, String> headers) {
        return new LokiSettings(pushUrl, labels, queueLines, batchLines, batchWait, requestTimeout, headers, retry);
    }

    public LokiSettings withRetry(LokiRetry retry) {
        return new LokiSettings(pushUrl, labels, queueLines, batchLines, batchWait, requestTimeout, headers, retry);
    }

    /** Header names only: their values are credentials. */
    @Override
    public String toString() {
        return "LokiSettings[pushUrl=" + pushUrl + ", labels=" + labels + ", queueLines=" + queueLines
                + ", batchLines=" + batchLines + ", batchWait=" + batchWait + ", requestTimeout=" + requestTimeout
                + ", headers=" + headers.keySet() + ", retry=" + retry + "]";
    }
}
