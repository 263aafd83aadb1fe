package dev.vigil.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The effective configuration as YAML, with the file's snake_case keys and durations written the Prometheus way
 * ({@code 5m}). Loading {@link #toYaml}'s output gives an equal {@link VigilConfig}; what {@code vigil
 * check-config} prints is {@link #toYamlHidingSecrets}, with the secrets replaced by {@value #HIDDEN}.
 */
public final class ConfigRenderer {
    private ConfigRenderer() {
    }

    /** The configuration as YAML (keys in the order of vigil.example.yaml, map entries in their own order). */
    public static String toYaml(VigilConfig config) {
        StringBuilder out = new StringBuilder();
        writeEntries(out, toMap(config), 0);
        return out.toString();
    }

    /** What {@link #toYamlHidingSecrets} writes instead of a secret value: what Kafka's own config logs show. */
    public static final String HIDDEN = Redaction.HIDDEN;

    /**
     * {@link #toYaml}, for printing (terminals, logs): the secrets of {@code kafka.properties}
     * ({@link Redaction}) and the values of {@code observability.tracing.headers} (an OTLP backend's
     * API key, typically from {@code OTEL_EXPORTER_OTLP_HEADERS}) are replaced by {@value #HIDDEN}.
     * Secrets kept in files ({@code password_file}, {@code bearer_token_file}) are shown as the
     * file's path only anyway.
     */
    public static String toYamlHidingSecrets(VigilConfig config) {
        Map<String, Object> tree = new LinkedHashMap<>(toMap(config));
        Map<String, Object> kafka = new LinkedHashMap<>(child(tree, "kafka"));
        kafka.put("properties", Redaction.kafkaProperties(config.kafka().properties()));
        tree.put("kafka", kafka);
        Map<String, Object> observability = new LinkedHashMap<>(child(tree, "observability"));
        Map<String, Object> tracing = new LinkedHashMap<>(child(observability, "tracing"));
        Map<String, Object> headers = new LinkedHashMap<>(child(tracing, "headers"));
        headers.replaceAll((name, value) -> HIDDEN);
        tracing.put("headers", headers);
        observability.put("tracing", tracing);
        Map<String, Object> out = new LinkedHashMap<>(tree);
        out.put("observability", observability);
        StringBuilder yaml = new StringBuilder();
        writeEntries(yaml, out, 0);
        return yaml.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> map, String key) {
        return (Map<String, Object>) map.get(key);
    }

    /**
     * The configuration as a plain tree: unmodifiable insertion-ordered maps with the YAML keys, lists, and
     * String, Boolean, Integer, Long, Double or null leaves; durations as strings ({@code 5m}).
     */
    public static Map<String, Object> toMap(VigilConfig c) {
        VigilConfig.Kafka k = c.kafka();
        VigilConfig.Topics t = c.topics();
        VigilConfig.Aggregates a = c.aggregates();
        VigilConfig.Tracing tr = c.observability().tracing();
        VigilConfig.Metrics m = c.observability().metrics();
        VigilConfig.Logging l = c.observability().logging();

        Map<String, Object> pools = new LinkedHashMap<>();
        a.pools().forEach((name, pool) -> pools.put(name, map("capacity", pool.capacity())));
        Map<String, Object> prices = new LinkedHashMap<>();
        a.modelPrices().forEach((name, price) -> prices.put(name, price.cachedInputPerMtok() == null
                ? map("input_per_mtok", price.inputPerMtok(), "output_per_mtok", price.outputPerMtok())
                : map("input_per_mtok", price.inputPerMtok(), "output_per_mtok", price.outputPerMtok(),
                        "cached_input_per_mtok", price.cachedInputPerMtok())));

        return map(
                "kafka", map(
                        "bootstrap_servers", k.bootstrapServers(),
                        "application_id", k.applicationId(),
                        "processing_guarantee", k.processingGuarantee() == null ? null
                                : k.processingGuarantee().wireName(),
                        "properties", Collections.unmodifiableMap(new LinkedHashMap<>(k.properties())),
                        "rocksdb", map(
                                "block_cache_bytes", orAuto(k.rocksdb().blockCacheBytes()),
                                "write_buffer_bytes", orAuto(k.rocksdb().writeBufferBytes()))),
                "topics", map(
                        "input", t.input(),
                        "alerts", t.alerts(),
                        "dlq", t.dlq(),
                        "max_event_bytes", t.maxEventBytes(),
                        "input_keyed_by_entity", t.inputKeyedByEntity()),
                "aggregates", map(
                        "grace", duration(a.grace()),
                        "dedup_horizon", duration(a.dedupHorizon()),
                        "max_future_skew", duration(a.maxFutureSkew()),
                        "windows", a.windows().stream().map(ConfigRenderer::duration).toList(),
                        "browser_pool", a.browserPool(),
                        "max_series_per_metric", a.maxSeriesPerMetric(),
                        "pools", Collections.unmodifiableMap(pools),
                        "model_prices", Collections.unmodifiableMap(prices),
                        "buckets", map(
                                "duration_seconds", a.buckets().durationSeconds(),
                                "call_latency_seconds", a.buckets().callLatencySeconds(),
                                "cost_usd", a.buckets().costUsd())),
                "alerts", map(
                        "rules", c.alerts().rules().stream().map(ConfigRenderer::rule).toList(),
                        "alertmanager", alertmanager(c.alerts().alertmanager()),
                        "external_url", c.alerts().externalUrl()),
                "observability", map(
                        "tracing", map(
                                "enabled", tr.enabled(),
                                "exporter", tr.exporter(),
                                "endpoint", tr.endpoint(),
                                "jaeger_endpoint", tr.jaegerEndpoint(),
                                "sample_rate", tr.sampleRate(),
                                "ui_url", tr.uiUrl(),
                                "sampler", tr.sampler(),
                                "service_name", tr.serviceName(),
                                "resource_attributes", Collections.unmodifiableMap(
                                        new LinkedHashMap<>(tr.resourceAttributes())),
                                "headers", Collections.unmodifiableMap(new LinkedHashMap<>(tr.headers()))),
                        "metrics", map(
                                "enabled", m.enabled(),
                                "exporter", m.exporter(),
                                "prometheus_port", m.prometheusPort(),
                                "store_metrics", m.storeMetrics()),
                        "logging", map(
                                "enabled", l.enabled(),
                                "format", l.format(),
                                "level", l.level(),
                                "exporter", l.exporter(),
                                "loki_url", l.lokiUrl(),
                                "loki_tenant_id", l.loki().tenantId(),
                                "loki_basic_auth", map(
                                        "username", l.loki().basicAuth() == null ? null
                                                : l.loki().basicAuth().username(),
                                        "password_file", l.loki().basicAuth() == null ? null
                                                : l.loki().basicAuth().passwordFile()),
                                "loki_bearer_token_file", l.loki().bearerTokenFile())),
                "http", http(c.http()));
    }

    private static Map<String, Object> http(VigilConfig.Http h) {
        VigilConfig.BasicAuth auth = h.client().basicAuth();
        return map(
                "bind_address", h.bindAddress(),
                "web_config_file", h.webConfigFile(),
                "bearer_token_file", h.bearerTokenFile(),
                "unauthenticated_paths", h.unauthenticatedPaths(),
                "client", map(
                        "ca_file", h.client().caFile(),
                        "basic_auth", map(
                                "username", auth == null ? null : auth.username(),
                                "password_file", auth == null ? null : auth.passwordFile())));
    }

    private static Map<String, Object> alertmanager(VigilConfig.Alertmanager am) {
        VigilConfig.BasicAuth auth = am.basicAuth();
        return map(
                "urls", am.urls(),
                "resend_interval", duration(am.resendInterval()),
                "timeout", duration(am.timeout()),
                "basic_auth", map(
                        "username", auth == null ? null : auth.username(),
                        "password_file", auth == null ? null : auth.passwordFile()),
                "bearer_token_file", am.bearerTokenFile(),
                "tls", map(
                        "ca_file", am.tls().caFile()));
    }

    /** A rule with its keys in the order written (for a rule built in code, that of {@link RuleConfig#KEYS}). */
    private static Map<String, Object> rule(RuleConfig rule) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (String key : rule.keys()) {
            out.put(key, ruleValue(rule.value(key)));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object ruleValue(Object value) {
        if (value instanceof Duration d) {
            return duration(d);
        }
        if (value instanceof Double d) {
            // As a rule file writes thresholds: 100, not 100.0 (both read back as the same number).
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d.doubleValue() : d;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> item instanceof RuleConfig.BurnWindow w
                    ? map("long", duration(w.longWindow()), "short", duration(w.shortWindow()),
                            "factor", ruleValue(w.factor()))
                    : item).toList();
        }
        return value;
    }

    private static String duration(Duration d) {
        return d == null ? null : Durations.format(d);
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }

    // ---------------------------------------------------------------------------------------------------------
    // A small YAML emitter: block mappings, flow lists of scalars, block lists of anything else.

    private static void writeEntries(StringBuilder out, Map<?, ?> map, int indent) {
        map.forEach((key, value) -> {
            out.append(" ".repeat(indent)).append(scalar(String.valueOf(key))).append(':');
            writeAfterKey(out, value, indent);
        });
    }

    private static void writeAfterKey(StringBuilder out, Object value, int indent) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            out.append('\n');
            writeEntries(out, map, indent + 2);
        } else if (value instanceof List<?> list && !list.isEmpty() && !allScalars(list)) {
            out.append('\n');
            writeItems(out, list, indent + 2);
        } else {
            out.append(' ').append(inline(value)).append('\n');
        }
    }

    private static void writeItems(StringBuilder out, List<?> list, int indent) {
        for (Object item : list) {
            out.append(" ".repeat(indent)).append("- ");
            if (item instanceof Map<?, ?> map && !map.isEmpty()) {
                StringBuilder nested = new StringBuilder();
                writeEntries(nested, map, indent + 2);
                out.append(nested, indent + 2, nested.length());
            } else if (item instanceof List<?> inner && !inner.isEmpty() && !allScalars(inner)) {
                StringBuilder nested = new StringBuilder();
                writeItems(nested, inner, indent + 2);
                out.append(nested, indent + 2, nested.length());
            } else {
                out.append(inline(item)).append('\n');
            }
        }
    }

    private static boolean allScalars(List<?> list) {
        for (Object item : list) {
            if (item instanceof Map<?, ?> || item instanceof List<?>) {
                return false;
            }
        }
        return true;
    }

    /** A scalar, an empty mapping or list, or a flow list of scalars. */
    private static String inline(Object value) {
        if (value instanceof Map<?, ?>) {
            return "{}";
        }
        if (value instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object item : list) {
                items.add(scalar(item));
            }
            return "[" + String.join(", ", items) + "]";
        }
        return scalar(value);
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9_./@-]*");
    private static final Pattern DURATION = Pattern.compile("([0-9]+(ms|y|w|d|h|m|s))+");
    private static final Set<String> RESERVED = Set.of(
            "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~");

    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger || value instanceof Short || value instanceof Byte) {
            return value.toString();
        }
        if (value instanceof BigDecimal big) {
            return big.toString();
        }
        if (value instanceof Number n) {
            return formatDouble(n.doubleValue());
        }
        String s = value.toString();
        boolean plain = PLAIN.matcher(s).matches()
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT))
                && (!Character.isDigit(s.charAt(0)) || DURATION.matcher(s).matches());
        return plain ? s : quote(s);
    }

    /** A double as YAML reads it back exactly: {@code 0.05}, {@code 10.0}, {@code .inf}, {@code .nan}. */
    static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        return Double.toString(d);
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xfeff) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static Object orAuto(Long bytes) {
        return bytes == null ? VigilConfig.RocksDb.AUTO : bytes;
    }
}
