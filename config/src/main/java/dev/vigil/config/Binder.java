package dev.vigil.config;

import dev.vigil.config.Tree.Kind;
import dev.vigil.config.Tree.ListNode;
import dev.vigil.config.Tree.MapNode;
import dev.vigil.config.Tree.Node;
import dev.vigil.config.Tree.ScalarNode;
import dev.vigil.config.VigilConfig.Aggregates;
import dev.vigil.config.VigilConfig.Alertmanager;
import dev.vigil.config.VigilConfig.Alerts;
import dev.vigil.config.VigilConfig.BasicAuth;
import dev.vigil.config.VigilConfig.Tls;
import dev.vigil.config.VigilConfig.Buckets;
import dev.vigil.config.VigilConfig.Kafka;
import dev.vigil.config.VigilConfig.Logging;
import dev.vigil.config.VigilConfig.LokiAccess;
import dev.vigil.config.VigilConfig.Metrics;
import dev.vigil.config.VigilConfig.ModelPrice;
import dev.vigil.config.VigilConfig.Observability;
import dev.vigil.config.VigilConfig.Pool;
import dev.vigil.config.VigilConfig.ProcessingGuarantee;
import dev.vigil.config.VigilConfig.RocksDb;
import dev.vigil.config.VigilConfig.Topics;
import dev.vigil.config.VigilConfig.Tracing;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Types and validates the merged tree into a {@link VigilConfig}, collecting every problem instead of stopping at
 * the first. Each problem names the full key path, prefixed by where the value came from ({@code line 12: } or
 * {@code VIGIL_AGGREGATES_GRACE: }) when it did not come from the defaults.
 */
final class Binder {
    static final List<String> TRACING_EXPORTERS = List.of("otlp", "jaeger", "logging", "none");
    static final List<String> METRICS_EXPORTERS = List.of("prometheus");
    static final List<String> LOG_FORMATS = List.of("json", "text");
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    static final List<String> LOG_EXPORTERS = List.of("stdout", "loki");
    static final List<String> SAMPLERS = List.of(Tracing.PARENT_BASED, Tracing.RATIO);
    /** RFC 9110 token: what an HTTP header name may be. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** A Loki tenant ID (Loki's multi-tenancy docs); a push names one tenant ('|' only joins them in queries). */
    private static final Pattern LOKI_TENANT = Pattern.compile("[A-Za-z0-9!\\-_.*'()]{1,150}");

    /** Kafka properties that have their own key. */
    private static final Map<String, String> OWN_KEYS = Map.of(
            "bootstrap.servers", "kafka.bootstrap_servers",
            "application.id", "kafka.application_id",
            "processing.guarantee", "kafka.processing_guarantee");

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int TOPIC_MAX_LENGTH = 249;
    private static final Pattern HOST_PORT = Pattern.compile("\\S+:[0-9]{1,5}");

    private final List<String> errors;

    Binder(List<String> errors) {
        this.errors = errors;
    }

    /** {@code "line 12: "}, {@code "VIGIL_X: "} or {@code ""} for a default. */
    static String at(Node node) {
        return node == null ? "" : at(node.origin());
    }

    static String at(String origin) {
        return origin == null ? "" : origin + ": ";
    }

    private void error(Node node, String path, String problem) {
        errors.add(at(node) + path + ": " + problem);
    }

    VigilConfig bind(MapNode root) {
        return new VigilConfig(
                kafka(section(root, "kafka")),
                topics(section(root, "topics")),
                aggregates(section(root, "aggregates")),
                alerts(section(root, "alerts")),
                observability(section(root, "observability")),
                http(section(root, "http")));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Sections

    private Kafka kafka(MapNode s) {
        String p = "kafka";
        String servers = string(s, p, "bootstrap_servers");
        if (servers != null) {
            for (String server : servers.split(",", -1)) {
                if (!HOST_PORT.matcher(server.strip()).matches()) {
                    error(s.get("bootstrap_servers"), p + ".bootstrap_servers",
                            "'" + server.strip() + "' is not host:port (e.g. localhost:9092; several separated by commas)");
                }
            }
        }
        String applicationId = string(s, p, "application_id");
        if (applicationId != null && !TOPIC_NAME.matcher(applicationId).matches()) {
            error(s.get("application_id"), p + ".application_id", "'" + applicationId
                    + "' may contain only ASCII letters, digits, '.', '_' and '-' (it prefixes internal topic names)");
        }
        String guaranteeName = oneOf(s, p, "processing_guarantee",
                Arrays.stream(ProcessingGuarantee.values()).map(ProcessingGuarantee::wireName).toList(), false);
        ProcessingGuarantee guarantee = guaranteeName == null ? null
                : ProcessingGuarantee.fromWireName(guaranteeName).orElseThrow();

        Map<String, String> properties = new LinkedHashMap<>();
        MapNode props = (MapNode) s.get("properties");
        props.entries.forEach((name, value) -> {
            String path = Tree.join(p + ".properties", name);
            if (name.isBlank()) {
                error(value, path, "a property name must not be empty");
            } else if (OWN_KEYS.containsKey(name)) {
                error(value, path, "set " + OWN_KEYS.get(name) + " instead");
            } else if (value instanceof ScalarNode scalar && scalar.kind() != Kind.NULL) {
                properties.put(name, propertyText(scalar));
            } else {
                error(value, path, "must be a single value (string, number or boolean), not " + value.shape());
            }
        });
        return new Kafka(servers, applicationId, guarantee, properties, rocksdb(section(s, "rocksdb")));
    }

    private static final long MIB = 1L << 20;

    private RocksDb rocksdb(MapNode s) {
        String p = "kafka.rocksdb";
        Long cache = bytesOrAuto(s, p, "block_cache_bytes");
        Long buffers = bytesOrAuto(s, p, "write_buffer_bytes");
        if (cache != null && buffers != null && buffers > cache) {
            error(s.get("write_buffer_bytes"), p + ".write_buffer_bytes", "must be <= kafka.rocksdb.block_cache_bytes ("
                    + cache + "): write buffers are charged to the block cache");
        }
        return new RocksDb(cache, buffers);
    }

    /** {@code auto} (null: sized at start-up from the memory limit) or a size of at least 1 MiB. */
    private Long bytesOrAuto(MapNode s, String p, String key) {
        if (s.get(key) instanceof ScalarNode scalar && scalar.kind() != Kind.NULL) {
            String text = scalar.text().strip();
            if (RocksDb.AUTO.equalsIgnoreCase(text)) {
                return null;
            }
            if (Tree.parseInteger(text) == null) {
                error(scalar, p + "." + key, "'" + scalar.text() + "' is neither auto nor an integer");
                return MIB;
            }
        }
        Long value = integer(s, p, key, MIB, Long.MAX_VALUE);
        // After an error, any value: the configuration is refused anyway.
        return value == null ? MIB : value;
    }

    /** As Kafka expects it: booleans {@code true}/{@code false}, integers without YAML's {@code _}. */
    private static String propertyText(ScalarNode scalar) {
        if (scalar.kind() == Kind.BOOL) {
            return Boolean.toString(scalar.bool());
        }
        if (scalar.kind() == Kind.INT) {
            BigInteger value = Tree.parseInteger(scalar.text());
            return value == null ? scalar.text() : value.toString();
        }
        return scalar.text();
    }

    private Topics topics(MapNode s) {
        String p = "topics";
        String input = topic(s, "input");
        String alerts = topic(s, "alerts");
        String dlq = topic(s, "dlq");
        distinct(s, "alerts", alerts, "input", input);
        distinct(s, "dlq", dlq, "input", input);
        distinct(s, "dlq", dlq, "alerts", alerts);
        Long maxEventBytes = integer(s, p, "max_event_bytes", 1, Integer.MAX_VALUE);
        Boolean keyedByEntity = bool(s, p, "input_keyed_by_entity");
        return new Topics(input, alerts, dlq, maxEventBytes == null ? 0 : maxEventBytes,
                keyedByEntity != null && keyedByEntity);
    }

    private String topic(MapNode s, String key) {
        String name = string(s, "topics", key);
        if (name == null) {
            return null;
        }
        String problem = null;
        if (name.equals(".") || name.equals("..")) {
            problem = "'" + name + "' is not a valid Kafka topic name";
        } else if (name.length() > TOPIC_MAX_LENGTH) {
            problem = "'" + name + "' is not a valid Kafka topic name (longer than " + TOPIC_MAX_LENGTH
                    + " characters)";
        } else if (!TOPIC_NAME.matcher(name).matches()) {
            problem = "'" + name
                    + "' is not a valid Kafka topic name (only ASCII letters, digits, '.', '_' and '-')";
        }
        if (problem != null) {
            error(s.get(key), "topics." + key, problem);
            return null;
        }
        return name;
    }

    private void distinct(MapNode s, String key, String name, String otherKey, String other) {
        if (name == null || other == null) {
            return;
        }
        if (name.equals(other)) {
            error(s.get(key), "topics." + key, "'" + name + "' is also topics." + otherKey
                    + "; topics.input, topics.alerts and topics.dlq must be distinct");
        } else if (name.replace('.', '_').equals(other.replace('.', '_'))) {
            error(s.get(key), "topics." + key, "'" + name + "' collides with topics." + otherKey + " '" + other
                    + "' (Kafka treats '.' and '_' alike in metric names)");
        }
    }

    private Aggregates aggregates(MapNode s) {
        String p = "aggregates";
        Duration grace = duration(s, p, "grace");
        Duration dedupHorizon = duration(s, p, "dedup_horizon");
        if (dedupHorizon != null && dedupHorizon.isZero()) {
            error(s.get("dedup_horizon"), p + ".dedup_horizon", "must be > 0");
        }
        Duration maxFutureSkew = duration(s, p, "max_future_skew");
        List<Duration> windows = list(s, p, "windows", "[5m, 1h]", (item, path) -> {
            Duration d = duration(item, path);
            if (d != null && d.isZero()) {
                error(item, path, "must be > 0");
                return null;
            }
            return d;
        });
        if (windows != null) {
            Set<Duration> seen = new HashSet<>();
            for (Duration w : windows) {
                if (!seen.add(w)) {
                    error(s.get("windows"), p + ".windows", Durations.format(w) + " is listed twice; windows must be distinct");
                }
            }
        }
        String browserPool = string(s, p, "browser_pool");
        Long maxSeries = integer(s, p, "max_series_per_metric", 1, Integer.MAX_VALUE);

        Map<String, Pool> pools = new LinkedHashMap<>();
        entries(s, p, "pools").forEach((name, entry) -> {
            String path = Tree.join(p + ".pools", name);
            Long capacity = integer(entry, path, "capacity", 0, Long.MAX_VALUE);
            if (capacity != null) {
                pools.put(name, new Pool(capacity));
            }
        });
        Map<String, ModelPrice> prices = new LinkedHashMap<>();
        entries(s, p, "model_prices").forEach((name, entry) -> {
            String path = Tree.join(p + ".model_prices", name);
            Double input = number(entry, path, "input_per_mtok", 0, Double.MAX_VALUE);
            Double output = number(entry, path, "output_per_mtok", 0, Double.MAX_VALUE);
            Double cached = optionalNumber(entry, path, "cached_input_per_mtok", 0, Double.MAX_VALUE);
            if (input != null && output != null) {
                prices.put(name, new ModelPrice(input, output, cached));
            }
        });

        MapNode b = section(s, "buckets");
        String bp = p + ".buckets";
        Buckets buckets = new Buckets(bounds(b, bp, "duration_seconds"), bounds(b, bp, "call_latency_seconds"),
                bounds(b, bp, "cost_usd"));
        return new Aggregates(grace, dedupHorizon, maxFutureSkew, windows, browserPool, maxSeries == null ? 0 : maxSeries.intValue(),
                pools, prices, buckets);
    }

    private Map<String, MapNode> entries(MapNode s, String p, String key) {
        Map<String, MapNode> out = new LinkedHashMap<>();
        ((MapNode) s.get(key)).entries.forEach((name, entry) -> {
            if (name.isBlank()) {
                error(entry, p + "." + key, "an entry name must not be empty");
            } else {
                out.put(name, (MapNode) entry);
            }
        });
        return out;
    }

    private List<Double> bounds(MapNode s, String p, String key) {
        List<Double> bounds = list(s, p, key, "[0.1, 0.5, 1, 5]", (item, path) -> {
            Double d = number(item, path);
            if (d != null && d <= 0) {
                error(item, path, "must be > 0");
                return null;
            }
            return d;
        });
        if (bounds == null) {
            return List.of();
        }
        for (int i = 1; i < bounds.size(); i++) {
            if (bounds.get(i) <= bounds.get(i - 1)) {
                error(s.get(key), p + "." + key, "must be strictly increasing (" + ConfigRenderer.formatDouble(bounds.get(i))
                        + " follows " + ConfigRenderer.formatDouble(bounds.get(i - 1)) + ")");
            }
        }
        return bounds;
    }

    private Alerts alerts(MapNode s) {
        Node rules = s.get("rules");
        if (!(rules instanceof ListNode list)) {
            error(rules, RuleConfig.PATH, "must be a list of rules (use [] for none), not " + rules.shape());
            return new Alerts(List.of(), alertmanager(section(s, "alertmanager")), url(s, "alerts", "external_url"));
        }
        List<RuleConfig> bound = new RuleBinder(errors).bind(list);
        return new Alerts(bound, alertmanager(section(s, "alertmanager")), url(s, "alerts", "external_url"));
    }

    private Alertmanager alertmanager(MapNode s) {
        String p = "alerts.alertmanager";
        List<String> urls = new ArrayList<>();
        Node urlsNode = s.get("urls");
        if (urlsNode instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                Node item = list.items().get(i);
                String path = p + ".urls[" + i + "]";
                String text = text(item, path);
                if (text != null && httpUrl(text)) {
                    urls.add(text);
                } else if (text != null) {
                    error(item, path, "'" + text + "' is not an http(s) URL (e.g. http://alertmanager:9093)");
                }
            }
        } else {
            error(urlsNode, p + ".urls", "must be a list of URLs (e.g. [http://alertmanager:9093]; [] for none), not "
                    + urlsNode.shape());
        }
        Duration resend = positiveDuration(s, p, "resend_interval");
        Duration timeout = positiveDuration(s, p, "timeout");

        BasicAuth auth = basicAuth(s, p, "basic_auth", "bearer_token_file");
        String tokenFile = readableFile(s, p, "bearer_token_file");
        String caFile = readableFile(section(s, "tls"), p + ".tls", "ca_file");
        return new Alertmanager(urls, resend, timeout, auth, tokenFile, new Tls(caFile));
    }

    /**
     * {@code <p>.<authKey>.username} and {@code password_file}: both or neither, and not with
     * {@code <p>.<tokenKey>}; null when not configured (or wrong, which is reported).
     */
    private BasicAuth basicAuth(MapNode s, String p, String authKey, String tokenKey) {
        MapNode a = section(s, authKey);
        String ap = p + "." + authKey;
        String username = optionalString(a, ap, "username");
        String passwordFile = readableFile(a, ap, "password_file");
        boolean hasUser = !isNull(a.get("username"));
        boolean hasPassword = !isNull(a.get("password_file"));
        if (hasUser != hasPassword) {
            error(hasUser ? a.get("username") : a.get("password_file"),
                    ap + (hasUser ? ".password_file" : ".username"), "required when " + ap
                            + (hasUser ? ".username" : ".password_file") + " is set");
        }
        if ((hasUser || hasPassword) && !isNull(s.get(tokenKey))) {
            error(s.get(tokenKey), p + "." + tokenKey, "set either " + ap + " or " + tokenKey + ", not both");
        }
        return username != null && passwordFile != null ? new BasicAuth(username, passwordFile) : null;
    }

    /** A host name (RFC 1123 labels) or an IPv4 / IPv6 literal; never looked up here. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private VigilConfig.Http http(MapNode s) {
        String p = "http";
        String bind = string(s, p, "bind_address");
        if (bind != null && !validBindAddress(bind)) {
            error(s.get("bind_address"), p + ".bind_address", "'" + bind
                    + "' is not an IP address or host name (e.g. 0.0.0.0 for all interfaces, 127.0.0.1, ::)");
            bind = null;
        }
        String webConfigFile = readableFile(s, p, "web_config_file");
        WebConfig web = null;
        if (webConfigFile != null) {
            List<String> problems = new ArrayList<>();
            web = WebConfig.parse(java.nio.file.Path.of(webConfigFile), problems);
            for (String problem : problems) {
                error(s.get("web_config_file"), p + ".web_config_file", webConfigFile + ": " + problem);
            }
        }
        String tokenFile = readableFile(s, p, "bearer_token_file");
        if (tokenFile != null && secretIsEmpty(tokenFile)) {
            error(s.get("bearer_token_file"), p + ".bearer_token_file", "'" + tokenFile + "' holds no token");
            tokenFile = null;
        }
        List<String> open = new ArrayList<>();
        Node openNode = s.get("unauthenticated_paths");
        if (openNode instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                String path = p + ".unauthenticated_paths[" + i + "]";
                String text = text(list.items().get(i), path);
                if (text != null && text.startsWith("/")) {
                    open.add(text);
                } else if (text != null) {
                    error(list.items().get(i), path, "'" + text + "' is not a path (starts with /, e.g. /healthz)");
                }
            }
        } else {
            error(openNode, p + ".unauthenticated_paths", "must be a list of paths (e.g. [/healthz, /readyz]; [] for "
                    + "none), not " + openNode.shape());
        }

        MapNode c = section(s, "client");
        String cp = p + ".client";
        String caFile = readableFile(c, cp, "ca_file");
        MapNode a = section(c, "basic_auth");
        String ap = cp + ".basic_auth";
        String username = optionalString(a, ap, "username");
        String passwordFile = readableFile(a, ap, "password_file");
        boolean hasUser = !isNull(a.get("username"));
        boolean hasPassword = !isNull(a.get("password_file"));
        if (hasUser != hasPassword) {
            error(hasUser ? a.get("username") : a.get("password_file"),
                    ap + (hasUser ? ".password_file" : ".username"), "required when " + ap
                            + (hasUser ? ".username" : ".password_file") + " is set");
        }
        if (username != null && web != null && !web.basicAuthUsers().containsKey(username)) {
            error(a.get("username"), ap + ".username", "'" + username + "' is not one of the basic_auth_users of "
                    + webConfigFile + ", so the other instances would refuse it");
        }
        VigilConfig.BasicAuth auth = username != null && passwordFile != null
                ? new VigilConfig.BasicAuth(username, passwordFile) : null;
        return new VigilConfig.Http(bind, webConfigFile, tokenFile, open, new VigilConfig.HttpClientSettings(caFile, auth));
    }

    private static boolean validBindAddress(String text) {
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        if (IPV6.matcher(text).matches()) {
            try {
                // A literal with a colon is parsed, not looked up.
                return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        // Dotted digits that are not a valid IPv4 address (999.1.1.1) are a typo, not a host name.
        return HOST_NAME.matcher(text).matches() && !text.matches("[0-9.]+");
    }

    private static boolean secretIsEmpty(String file) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip().isEmpty();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return false; // readableFile said it is readable; a later read reports the problem
        }
    }

    private Duration positiveDuration(MapNode s, String p, String key) {
        Duration d = duration(s, p, key);
        if (d != null && (d.isZero() || d.isNegative())) {
            error(s.get(key), p + "." + key, "must be > 0");
            return null;
        }
        return d;
    }

    /** Optional non-empty string: null when absent. */
    private String optionalString(MapNode s, String p, String key) {
        return isNull(s.get(key)) ? null : string(s, p, key);
    }

    /** Optional path of a file that must be readable now (a secret or certificate read at start-up). */
    private String readableFile(MapNode s, String p, String key) {
        String text = optionalString(s, p, key);
        if (text == null) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(text);
        if (!java.nio.file.Files.isRegularFile(file) || !java.nio.file.Files.isReadable(file)) {
            error(s.get(key), p + "." + key, "'" + text + "' is not a readable file");
            return null;
        }
        return text;
    }

    private Observability observability(MapNode s) {
        String p = "observability";
        MapNode t = section(s, "tracing");
        String tp = p + ".tracing";
        Boolean tracingEnabled = bool(t, tp, "enabled");
        String tracingExporter = oneOf(t, tp, "exporter", TRACING_EXPORTERS, false);
        String endpoint = url(t, tp, "endpoint");
        String jaegerEndpoint = url(t, tp, "jaeger_endpoint");
        Double sampleRate = number(t, tp, "sample_rate", 0, 1);
        String uiUrl = traceUiUrl(t, tp);
        requires(t, tp, tracingExporter, "otlp", "endpoint");
        requires(t, tp, tracingExporter, "jaeger", "jaeger_endpoint");
        String sampler = oneOf(t, tp, "sampler", SAMPLERS, false);
        String serviceName = string(t, tp, "service_name");
        Map<String, String> resource = stringMap(t, tp, "resource_attributes");
        if (resource.containsKey("service.name")) {
            error(t.get("resource_attributes"), tp + ".resource_attributes.\"service.name\"",
                    "set " + tp + ".service_name instead");
            resource.remove("service.name");
        }
        Map<String, String> headers = stringMap(t, tp, "headers");
        headers.forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                error(t.get("headers"), tp + ".headers", "'" + name + "' is not an HTTP header name");
            } else if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                error(t.get("headers"), tp + ".headers." + name, "must be one line");
            }
        });

        MapNode m = section(s, "metrics");
        String mp = p + ".metrics";
        Boolean metricsEnabled = bool(m, mp, "enabled");
        String metricsExporter = oneOf(m, mp, "exporter", METRICS_EXPORTERS, false);
        Long port = integer(m, mp, "prometheus_port", 0, 65535);
        Boolean storeMetrics = bool(m, mp, "store_metrics");

        MapNode l = section(s, "logging");
        String lp = p + ".logging";
        Boolean loggingEnabled = bool(l, lp, "enabled");
        String format = oneOf(l, lp, "format", LOG_FORMATS, false);
        String level = oneOf(l, lp, "level", LOG_LEVELS, true);
        String loggingExporter = oneOf(l, lp, "exporter", LOG_EXPORTERS, false);
        String lokiUrl = url(l, lp, "loki_url");
        requires(l, lp, loggingExporter, "loki", "loki_url");
        String tenant = optionalString(l, lp, "loki_tenant_id");
        if (tenant != null && !LOKI_TENANT.matcher(tenant).matches()) {
            error(l.get("loki_tenant_id"), lp + ".loki_tenant_id", "'" + tenant + "' is not a Loki tenant ID"
                    + " (one tenant: letters, digits and !-_.*'() only, at most 150 characters)");
        }
        BasicAuth lokiAuth = basicAuth(l, lp, "loki_basic_auth", "loki_bearer_token_file");
        String lokiToken = readableFile(l, lp, "loki_bearer_token_file");

        return new Observability(
                new Tracing(Boolean.TRUE.equals(tracingEnabled), tracingExporter, endpoint, jaegerEndpoint,
                        sampleRate == null ? 0 : sampleRate, uiUrl, sampler, serviceName, resource, headers),
                new Metrics(Boolean.TRUE.equals(metricsEnabled), metricsExporter, port == null ? 0 : port.intValue(),
                        Boolean.TRUE.equals(storeMetrics)),
                new Logging(Boolean.TRUE.equals(loggingEnabled), format, level, loggingExporter, lokiUrl,
                        new LokiAccess(tenant, lokiAuth, lokiToken)));
    }

    /** A map of names to single values ({@code headers}, {@code resource_attributes}), as text. */
    private Map<String, String> stringMap(MapNode s, String p, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Node node = s.get(key);
        if (!(node instanceof MapNode map)) {
            return out; // the merge reported it
        }
        map.entries.forEach((name, value) -> {
            String path = Tree.join(p + "." + key, name);
            if (name.isBlank()) {
                error(value, path, "a name must not be empty");
            } else if (value instanceof ScalarNode scalar && scalar.kind() != Kind.NULL) {
                out.put(name, propertyText(scalar));
            } else {
                error(value, path, "must be a single value (string, number or boolean), not " + value.shape());
            }
        });
        return out;
    }

    /** With {@code exporter: <exporter>}, {@code key} must be set. */
    private void requires(MapNode s, String p, String exporter, String value, String key) {
        if (value.equals(exporter) && isNull(s.get(key))) {
            error(s.get("exporter"), p + "." + key, "required when " + p + ".exporter is " + value);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Typed values; each returns null after recording an error

    private static MapNode section(MapNode parent, String key) {
        return (MapNode) parent.get(key);
    }

    /** The value of a key; a key missing from a map entry (the defaults have every other key) is required. */
    private Node child(MapNode s, String key, String path) {
        Node node = s.get(key);
        if (node == null) {
            error(s, path, "required");
        }
        return node;
    }

    private static boolean isNull(Node node) {
        return node == null || node instanceof ScalarNode s && s.kind() == Kind.NULL;
    }

    /** The scalar's text; errors for a missing value, a mapping or a list. */
    private String text(Node node, String path) {
        if (node == null) {
            return null; // reported by child()
        }
        if (node instanceof ScalarNode s) {
            if (s.kind() == Kind.NULL) {
                error(node, path, "has no value (leave the key out for the default)");
                return null;
            }
            return s.text();
        }
        error(node, path, "must be a single value, not " + node.shape());
        return null;
    }

    private String string(MapNode s, String p, String key) {
        String path = p + "." + key;
        String text = text(child(s, key, path), path);
        if (text != null && text.isBlank()) {
            error(s.get(key), path, "must not be empty");
            return null;
        }
        return text;
    }

    private String oneOf(MapNode s, String p, String key, List<String> allowed, boolean ignoreCase) {
        String text = string(s, p, key);
        if (text == null) {
            return null;
        }
        for (String a : allowed) {
            if (ignoreCase ? a.equalsIgnoreCase(text) : a.equals(text)) {
                return a;
            }
        }
        error(s.get(key), p + "." + key, "'" + text + "' is not one of " + String.join(", ", allowed)
                + (ignoreCase ? " (any case)" : ""));
        return null;
    }

    /** Optional http(s) URL: null when absent. */
    /**
     * An http(s) URL with {@code {trace_id}} in it: without the placeholder every link would be the same.
     * Braces are not legal in a URI, so it is checked with the placeholder filled in.
     */
    private String traceUiUrl(MapNode s, String p) {
        String key = "ui_url";
        if (isNull(s.get(key))) {
            return null;
        }
        String text = string(s, p, key);
        if (text == null) {
            return null;
        }
        if (!text.contains("{trace_id}")) {
            error(s.get(key), p + "." + key, "'" + text + "' has no {trace_id} placeholder "
                    + "(e.g. http://localhost:16686/trace/{trace_id})");
            return null;
        }
        try {
            URI uri = new URI(text.replace("{trace_id}", "0"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return text;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        error(s.get(key), p + "." + key, "'" + text + "' is not an http(s) URL (e.g. http://localhost:16686/trace/{trace_id})");
        return null;
    }

    private String url(MapNode s, String p, String key) {
        if (isNull(s.get(key))) {
            return null;
        }
        String text = string(s, p, key);
        if (text == null) {
            return null;
        }
        if (httpUrl(text)) {
            return text;
        }
        error(s.get(key), p + "." + key, "'" + text + "' is not an http(s) URL (e.g. http://host:port/path)");
        return null;
    }

    private static boolean httpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private Boolean bool(MapNode s, String p, String key) {
        String path = p + "." + key;
        Node node = child(s, key, path);
        if (node instanceof ScalarNode scalar && scalar.kind() == Kind.BOOL) {
            return scalar.bool();
        }
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                error(node, path, "'" + text + "' is not true or false");
                return null;
            }
        }
    }

    private Long integer(MapNode s, String p, String key, long min, long max) {
        String path = p + "." + key;
        Node node = child(s, key, path);
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        BigInteger value = Tree.parseInteger(text.strip());
        if (value == null) {
            error(node, path, "'" + text + "' is not an integer");
            return null;
        }
        if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            boolean below = value.compareTo(BigInteger.valueOf(min)) < 0;
            error(node, path, max < Integer.MAX_VALUE ? "must be between " + min + " and " + max
                    : below ? (min == 1 ? "must be > 0" : "must be >= " + min)
                    : "must be <= " + max);
            return null;
        }
        return value.longValue();
    }

    private Double number(MapNode s, String p, String key, double min, double max) {
        String path = p + "." + key;
        Node node = child(s, key, path);
        Double value = number(node, path);
        if (value == null) {
            return null;
        }
        if (value < min || value > max) {
            error(node, path, max < Double.MAX_VALUE ? "must be between " + format(min) + " and " + format(max)
                    : "must be >= " + format(min));
            return null;
        }
        return value;
    }

    /** As {@link #number(MapNode, String, String, double, double)}, null without an error when the key is absent. */
    private Double optionalNumber(MapNode s, String p, String key, double min, double max) {
        return s.get(key) == null ? null : number(s, p, key, min, max);
    }

    private Double number(Node node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        Double value = Tree.parseDouble(text.strip());
        if (value == null) {
            error(node, path, "'" + text + "' is not a number");
            return null;
        }
        if (value.isNaN() || value.isInfinite()) {
            error(node, path, "must be finite, not " + text);
            return null;
        }
        return value;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private Duration duration(MapNode s, String p, String key) {
        return duration(child(s, key, p + "." + key), p + "." + key);
    }

    private Duration duration(Node node, String path) {
        String text = text(node, path);
        if (text == null) {
            return null;
        }
        try {
            return Durations.parse(text.strip());
        } catch (IllegalArgumentException e) {
            error(node, path, e.getMessage());
            return null;
        }
    }

    private interface ItemReader<T> {
        T read(Node item, String path);
    }

    /** A non-empty list; the items that fail are reported and left out. Null when it is not a list. */
    private <T> List<T> list(MapNode s, String p, String key, String example, ItemReader<T> reader) {
        Node node = s.get(key);
        String path = p + "." + key;
        if (!(node instanceof ListNode list)) {
            error(node, path, "must be a list (e.g. " + example + "), not " + node.shape());
            return null;
        }
        if (list.items().isEmpty()) {
            error(node, path, "must not be empty");
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            T value = reader.read(list.items().get(i), path + "[" + i + "]");
            if (value != null) {
                out.add(value);
            }
        }
        return out;
    }
}
