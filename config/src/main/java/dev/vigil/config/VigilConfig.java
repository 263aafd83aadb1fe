package dev.vigil.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration of docs/configuration.md, immutable, built and validated once at start-up by
 * {@link ConfigLoader}. Nothing else in Vigil reads YAML, {@code Properties} or the environment.
 *
 * <p>Every record is deeply immutable: lists are {@link List#copyOf} copies, maps are unmodifiable copies that
 * keep insertion order (the order of the file, which {@link ConfigRenderer} keeps). A {@code null} collection
 * given to a constructor becomes an empty one.
 */
public record VigilConfig(Kafka kafka, Topics topics, Aggregates aggregates, Alerts alerts,
                          Observability observability, Http http) {

    public VigilConfig {
        http = http == null ? Http.DEFAULTS : http;
    }

    /** The effective configuration as YAML ({@link ConfigRenderer#toYaml}); loading it gives an equal config. */
    public String toYaml() {
        return ConfigRenderer.toYaml(this);
    }

    /** {@code kafka}: where and how to connect, and how much memory the state stores may use. */
    public record Kafka(String bootstrapServers, String applicationId, ProcessingGuarantee processingGuarantee,
                        Map<String, String> properties, RocksDb rocksdb) {
        public Kafka {
            properties = orderedCopy(properties);
        }
    }

    /**
     * {@code kafka.rocksdb}: the off-heap memory budget of every RocksDB state store of the process,
     * shared rather than per store (Kafka Streams' default is a cache and write buffers per store, so
     * memory grew with the number of stores and partitions).
     *
     * @param blockCacheBytes  one block cache for all stores; index and filter blocks and memtables are
     *                         charged to it, so it bounds RocksDB's memory (≥ 1 MiB); null = {@code auto}:
     *                         what the memory limit leaves after the heap and the JVM's overhead, at
     *                         most 512 MiB, decided at start-up (docs/configuration.md, Memory)
     * @param writeBufferBytes of which memtables may take at most this much (≥ 1 MiB, ≤ the cache);
     *                         null = {@code auto}: a quarter of the cache
     */
    public record RocksDb(Long blockCacheBytes, Long writeBufferBytes) {
        /** The value of either key that leaves the size to start-up. */
        public static final String AUTO = "auto";

        public boolean auto() {
            return blockCacheBytes == null || writeBufferBytes == null;
        }
    }

    public enum ProcessingGuarantee {
        EXACTLY_ONCE_V2("exactly_once_v2"), AT_LEAST_ONCE("at_least_once");

        private final String wireName;

        ProcessingGuarantee(String wireName) {
            this.wireName = wireName;
        }

        /** Also the value of Kafka Streams' {@code processing.guarantee}. */
        public String wireName() {
            return wireName;
        }

        /** The guarantee whose {@link #wireName()} is exactly {@code name}. */
        public static Optional<ProcessingGuarantee> fromWireName(String name) {
            for (ProcessingGuarantee g : values()) {
                if (g.wireName.equals(name)) {
                    return Optional.of(g);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * {@code topics}: the three external topics (docs/events.md, Topics), the input size limit, and whether the
     * input is already partitioned by entity.
     *
     * @param inputKeyedByEntity true when every producer keys each event by its entity (docs/events.md, Keys:
     *                           events of one task, lease or pool share a key), so that Vigil can
     *                           skip re-partitioning the input by entity; false (the default) when
     *                           that is not guaranteed (null or random keys)
     */
    public record Topics(String input, String alerts, String dlq, long maxEventBytes, boolean inputKeyedByEntity) {
    }

    /**
     * {@code aggregates}: grace, dedup horizon, how far ahead of its record an event's time may be,
     * windows, buckets, pools, prices, cardinality cap.
     */
    public record Aggregates(Duration grace, Duration dedupHorizon, Duration maxFutureSkew, List<Duration> windows, String browserPool,
                             int maxSeriesPerMetric, Map<String, Pool> pools, Map<String, ModelPrice> modelPrices,
                             Buckets buckets) {
        public Aggregates {
            windows = windows == null ? List.of() : List.copyOf(windows);
            pools = orderedCopy(pools);
            modelPrices = orderedCopy(modelPrices);
        }
    }

    public record Pool(long capacity) {
    }

    /**
     * USD per million tokens.
     *
     * @param cachedInputPerMtok the price of cached input tokens ({@code cached_input_tokens}), or null when the
     *                           model has no cached-input price: they are then priced as input
     */
    public record ModelPrice(double inputPerMtok, double outputPerMtok, Double cachedInputPerMtok) {
        /** A price without a cached-input rate. */
        public ModelPrice(double inputPerMtok, double outputPerMtok) {
            this(inputPerMtok, outputPerMtok, null);
        }

        /** The cached-input rate, or the input rate when there is none. */
        public double effectiveCachedInputPerMtok() {
            return cachedInputPerMtok == null ? inputPerMtok : cachedInputPerMtok;
        }
    }

    /**
     * Histogram bucket upper bounds (seconds; USD for {@code cost_usd}), fixed so that series of all instances
     * aggregate.
     */
    public record Buckets(List<Double> durationSeconds, List<Double> callLatencySeconds, List<Double> costUsd) {
        public Buckets {
            durationSeconds = durationSeconds == null ? List.of() : List.copyOf(durationSeconds);
            callLatencySeconds = callLatencySeconds == null ? List.of() : List.copyOf(callLatencySeconds);
            costUsd = costUsd == null ? List.of() : List.copyOf(costUsd);
        }
    }

    /**
     * {@code alerts}: the rules, typed ({@link RuleConfig}); their meaning is the alerting module's. Where the
     * alerts are posted ({@code alertmanager}) and the base of their links ({@code external_url}).
     *
     * @param externalUrl base URL of the links sent with alerts; null means {@code http://<hostname>:<prometheus_port>} ({@code https} with TLS on),
     *                    which only the running process knows
     */
    public record Alerts(List<RuleConfig> rules, Alertmanager alertmanager, String externalUrl) {
        public Alerts {
            rules = rules == null ? List.of() : List.copyOf(rules);
            alertmanager = alertmanager == null ? Alertmanager.OFF : alertmanager;
        }

        /** Rules only: no Alertmanager, default external URL. */
        public Alerts(List<RuleConfig> rules) {
            this(rules, Alertmanager.OFF, null);
        }
    }

    /**
     * {@code alerts.alertmanager}: the Alertmanagers every alert is posted to (docs/alerting.md, Alertmanager).
     *
     * @param urls            base URLs (http(s)); empty: no notifications
     * @param resendInterval  how often firing and recently resolved alerts are sent again
     * @param timeout         of one request
     * @param basicAuth       null when not configured
     * @param bearerTokenFile null when not configured; never together with basic auth
     * @param tls             CA file, {@link Tls#NONE} for the JVM's trust store
     */
    public record Alertmanager(List<String> urls, Duration resendInterval, Duration timeout, BasicAuth basicAuth,
                               String bearerTokenFile, Tls tls) {
        public static final Alertmanager OFF = new Alertmanager(List.of(), Duration.ofMinutes(1),
                Duration.ofSeconds(10), null, null, null);

        public Alertmanager {
            urls = urls == null ? List.of() : List.copyOf(urls);
            tls = tls == null ? Tls.NONE : tls;
        }

        public boolean enabled() {
            return !urls.isEmpty();
        }
    }

    /** The user name, and the file holding the password (read at start-up, never logged). */
    public record BasicAuth(String username, String passwordFile) {
    }

    /** @param caFile PEM certificates to trust instead of the JVM's; null when not configured */
    public record Tls(String caFile) {
        public static final Tls NONE = new Tls(null);
    }

    /** {@code observability}: the seed block of docs/observability.md. */
    public record Observability(Tracing tracing, Metrics metrics, Logging logging) {
    }

    /**
     * @param exporter           {@code otlp}, {@code jaeger}, {@code logging} or {@code none}
     * @param endpoint           OTLP endpoint (http(s) URL), null when not configured
     * @param jaegerEndpoint     Jaeger endpoint (http(s) URL), null when not configured
     * @param sampleRate         ratio in [0, 1]
     * @param uiUrl              a trace viewer's URL with {@code {trace_id}} in it (the status page links an
     *                           alert's trigger there), null when not configured
     * @param sampler            {@code parentbased_traceidratio} (a producer's decision is followed) or
     *                           {@code traceidratio} (every trace kept at {@code sampleRate}, whatever the parent)
     * @param serviceName        the {@code service.name} resource attribute
     * @param resourceAttributes further resource attributes of every span (never {@code service.name})
     * @param headers            HTTP headers sent with every OTLP export (values may be secrets: never logged)
     */
    public record Tracing(boolean enabled, String exporter, String endpoint, String jaegerEndpoint,
                          double sampleRate, String uiUrl, String sampler, String serviceName,
                          Map<String, String> resourceAttributes, Map<String, String> headers) {
        public static final String PARENT_BASED = "parentbased_traceidratio";
        public static final String RATIO = "traceidratio";
        public static final String DEFAULT_SERVICE_NAME = "vigil";

        public Tracing {
            sampler = sampler == null ? PARENT_BASED : sampler;
            serviceName = serviceName == null ? DEFAULT_SERVICE_NAME : serviceName;
            resourceAttributes = orderedCopy(resourceAttributes);
            headers = orderedCopy(headers);
        }

        /** Default sampler, service name, resource and headers. */
        public Tracing(boolean enabled, String exporter, String endpoint, String jaegerEndpoint, double sampleRate,
                       String uiUrl) {
            this(enabled, exporter, endpoint, jaegerEndpoint, sampleRate, uiUrl, null, null, null, null);
        }

        /** Without a trace viewer: how the settings read before {@code ui_url} existed. */
        public Tracing(boolean enabled, String exporter, String endpoint, String jaegerEndpoint, double sampleRate) {
            this(enabled, exporter, endpoint, jaegerEndpoint, sampleRate, null);
        }

        /** Whether a sampled parent's decision is followed ({@code sampler: parentbased_traceidratio}). */
        public boolean parentBased() {
            return PARENT_BASED.equals(sampler);
        }
    }

    /**
     * @param prometheusPort 0..65535; 0 picks a free port (tests)
     * @param storeMetrics   whether Kafka Streams' per-store metrics ({@code kafka_stream_state_*}) are
     *                       exposed too: about 80 series per store and task, most of them never recorded
     *                       at the default recording level
     */
    public record Metrics(boolean enabled, String exporter, int prometheusPort, boolean storeMetrics) {
        /** Without the per-store metrics (the default). */
        public Metrics(boolean enabled, String exporter, int prometheusPort) {
            this(enabled, exporter, prometheusPort, false);
        }
    }

    /**
     * @param format   {@code json} or {@code text}
     * @param level    {@code TRACE}, {@code DEBUG}, {@code INFO}, {@code WARN} or {@code ERROR} (upper case)
     * @param exporter {@code stdout} or {@code loki}
     * @param lokiUrl  Loki base URL (http(s)), null when not configured
     * @param loki     who Vigil is to Loki: tenant and credentials ({@link LokiAccess#NONE} for a Loki
     *                 without multi-tenancy or auth)
     */
    public record Logging(boolean enabled, String format, String level, String exporter, String lokiUrl,
                          LokiAccess loki) {
        public Logging {
            loki = loki == null ? LokiAccess.NONE : loki;
        }

        /** A Loki without tenants or credentials. */
        public Logging(boolean enabled, String format, String level, String exporter, String lokiUrl) {
            this(enabled, format, level, exporter, lokiUrl, LokiAccess.NONE);
        }
    }

    /**
     * {@code observability.logging.loki_*}: how Vigil identifies itself to a multi-tenant or secured Loki.
     *
     * @param tenantId        sent as {@code X-Scope-OrgID}; null: no header (a single-tenant Loki)
     * @param basicAuth       null when not configured
     * @param bearerTokenFile null when not configured; never together with basic auth
     */
    public record LokiAccess(String tenantId, BasicAuth basicAuth, String bearerTokenFile) {
        public static final LokiAccess NONE = new LokiAccess(null, null, null);
    }

    /**
     * {@code http}: who may reach the HTTP endpoints (docs/http-api.md, Security). The port stays
     * {@code observability.metrics.prometheus_port}.
     *
     * @param bindAddress          the address the server listens on (IP literal or host name); {@code 0.0.0.0}: all
     * @param webConfigFile        a web configuration file in the Prometheus exporters' format (TLS, basic auth
     *                             users with bcrypt hashes; {@link WebConfig}); null: plain HTTP, no basic auth
     * @param bearerTokenFile      a file whose trimmed content is a token accepted as {@code Authorization: Bearer};
     *                             null: none. Instances also send it to each other
     * @param unauthenticatedPaths paths that stay open when credentials are configured (probes)
     * @param client               how this instance calls the others
     */
    public record Http(String bindAddress, String webConfigFile, String bearerTokenFile,
                       List<String> unauthenticatedPaths, HttpClientSettings client) {
        public static final Http DEFAULTS = new Http("0.0.0.0", null, null, List.of("/healthz", "/readyz"),
                HttpClientSettings.NONE);

        public Http {
            unauthenticatedPaths = unauthenticatedPaths == null ? List.of() : List.copyOf(unauthenticatedPaths);
            client = client == null ? HttpClientSettings.NONE : client;
        }
    }

    /**
     * {@code http.client}: what an instance uses when it forwards a query to another instance.
     *
     * @param caFile    PEM certificates to trust for the other instances' TLS certificates; null: the JVM's
     *                  trust store
     * @param basicAuth credentials sent to the others (their hash is in the web configuration file); null: the
     *                  bearer token of {@code http.bearer_token_file} when set, else none
     */
    public record HttpClientSettings(String caFile, BasicAuth basicAuth) {
        public static final HttpClientSettings NONE = new HttpClientSettings(null, null);
    }

    private static <V> Map<String, V> orderedCopy(Map<String, V> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, V> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(java.util.Objects.requireNonNull(k, "key"),
                java.util.Objects.requireNonNull(v, () -> "value of " + k)));
        return Collections.unmodifiableMap(copy);
    }
}
