package dev.vigil.app.telemetry;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the Loki appender pushes: where, with which stream labels, and its bounds. The queue bounds
 * memory and decides when lines are dropped (never blocking the logging thread); a batch is sent
 * when it holds {@code batchLines} lines or its first line has waited {@code batchWait}.
 *
 * @param pushUrl        Loki's push API, {@code <loki_url>/loki/api/v1/push}
 * @param labels         the stream labels besides {@code level}: {@code app}, {@code instance}
 * @param queueLines     lines waiting to be sent at most; more are dropped
 * @param batchLines     lines in one push at most
 * @param batchWait      how long the first line of a batch waits for more
 * @param requestTimeout one push's limit; a push that fails or times out drops its lines
 */
public record LokiSettings(URI pushUrl, Map<String, String> labels, int queueLines, int batchLines,
                           Duration batchWait, Duration requestTimeout) {
    static final String PUSH_PATH = "/loki/api/v1/push";

    public LokiSettings {
        Objects.requireNonNull(pushUrl, "pushUrl");
        labels = Map.copyOf(labels);
        if (queueLines < 1 || batchLines < 1) {
            throw new IllegalArgumentException("queueLines and batchLines must be >= 1");
        }
        Objects.requireNonNull(batchWait, "batchWait");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
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

    /** The push API under a base URL; a URL that already names it is kept. */
    static URI pushUrl(String lokiUrl) {
        String base = lokiUrl.endsWith("/") ? lokiUrl.substring(0, lokiUrl.length() - 1) : lokiUrl;
        return URI.create(base.endsWith(PUSH_PATH) ? base : base + PUSH_PATH);
    }

    public LokiSettings withBounds(int queueLines, int batchLines, Duration batchWait, Duration requestTimeout) {
        return new LokiSettings(pushUrl, labels, queueLines, batchLines, batchWait, requestTimeout);
    }
}
