package dev.vigil.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tree of configuration keys (docs/configuration.md): which keys exist, and how each kind merges. It drives the
 * unknown-key check, the merge of a file over the defaults and the resolution of {@code VIGIL_} variables;
 * {@link Binder} does the typing and validation.
 */
final class Schema {
    private Schema() {
    }

    sealed interface Key permits Section, Leaf, ScalarList, EntryMap, PropertyMap, RawList {
    }

    /** Fixed keys; a file's section is merged key by key over the defaults. */
    record Section(Map<String, Key> fields) implements Key {
    }

    /** One scalar; replaced. */
    record Leaf() implements Key {
    }

    /** A list of scalars; replaced as a whole (comma-separated in the environment). */
    record ScalarList() implements Key {
    }

    /** Named entries with fixed fields ({@code pools}, {@code model_prices}); a file's map replaces the default. */
    record EntryMap(Section entry) implements Key {
    }

    /**
     * Free string keys with scalar values ({@code kafka.properties}, the tracing {@code headers} and
     * {@code resource_attributes}); a file's map replaces the default.
     *
     * @param what what the entries are, for messages ({@code Kafka client properties})
     */
    record PropertyMap(String what) implements Key {
    }

    /** A list kept as parsed YAML ({@code alerts.rules}); replaced as a whole. */
    record RawList() implements Key {
    }

    private static final Leaf LEAF = new Leaf();
    private static final ScalarList LIST = new ScalarList();

    static final Section ROOT = section(
            "kafka", section(
                    "bootstrap_servers", LEAF,
                    "application_id", LEAF,
                    "processing_guarantee", LEAF,
                    "properties", new PropertyMap("Kafka client properties"),
                    "rocksdb", section(
                            "block_cache_bytes", LEAF,
                            "write_buffer_bytes", LEAF)),
            "topics", section(
                    "input", LEAF,
                    "alerts", LEAF,
                    "dlq", LEAF,
                    "max_event_bytes", LEAF,
                    "input_keyed_by_entity", LEAF),
            "aggregates", section(
                    "grace", LEAF,
                    "dedup_horizon", LEAF,
                    "max_future_skew", LEAF,
                    "windows", LIST,
                    "browser_pool", LEAF,
                    "max_series_per_metric", LEAF,
                    "pools", new EntryMap(section("capacity", LEAF)),
                    "model_prices", new EntryMap(section("input_per_mtok", LEAF, "output_per_mtok", LEAF,
                            "cached_input_per_mtok", LEAF)),
                    "buckets", section(
                            "duration_seconds", LIST,
                            "call_latency_seconds", LIST,
                            "cost_usd", LIST)),
            "alerts", section(
                    "rules", new RawList(),
                    "alertmanager", section(
                            "urls", LIST,
                            "resend_interval", LEAF,
                            "timeout", LEAF,
                            "basic_auth", section(
                                    "username", LEAF,
                                    "password_file", LEAF),
                            "bearer_token_file", LEAF,
                            "tls", section(
                                    "ca_file", LEAF)),
                    "external_url", LEAF),
            "observability", section(
                    "tracing", section(
                            "enabled", LEAF,
                            "exporter", LEAF,
                            "endpoint", LEAF,
                            "jaeger_endpoint", LEAF,
                            "sample_rate", LEAF,
                            "ui_url", LEAF,
                            "sampler", LEAF,
                            "service_name", LEAF,
                            "resource_attributes", new PropertyMap("resource attributes"),
                            "headers", new PropertyMap("HTTP headers")),
                    "metrics", section(
                            "enabled", LEAF,
                            "exporter", LEAF,
                            "prometheus_port", LEAF,
                            "store_metrics", LEAF),
                    "logging", section(
                            "enabled", LEAF,
                            "format", LEAF,
                            "level", LEAF,
                            "exporter", LEAF,
                            "loki_url", LEAF,
                            "loki_tenant_id", LEAF,
                            "loki_basic_auth", section(
                                    "username", LEAF,
                                    "password_file", LEAF),
                            "loki_bearer_token_file", LEAF)),
            "http", section(
                    "bind_address", LEAF,
                    "web_config_file", LEAF,
                    "bearer_token_file", LEAF,
                    "unauthenticated_paths", LIST,
                    "client", section(
                            "ca_file", LEAF,
                            "basic_auth", section(
                                    "username", LEAF,
                                    "password_file", LEAF))));

    private static Section section(Object... keysAndValues) {
        LinkedHashMap<String, Key> fields = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            fields.put((String) keysAndValues[i], (Key) keysAndValues[i + 1]);
        }
        return new Section(java.util.Collections.unmodifiableMap(fields));
    }

    /** Dotted paths of every fixed key (sections included, map entries excluded), depth first. */
    static List<String> allPaths() {
        List<String> out = new ArrayList<>();
        collect(ROOT, "", out, false);
        return out;
    }

    /** Dotted paths of the keys a {@code VIGIL_} variable can name without a map entry in it. */
    static List<String> settablePaths() {
        List<String> out = new ArrayList<>();
        collect(ROOT, "", out, true);
        return out;
    }

    private static void collect(Section section, String prefix, List<String> out, boolean leavesOnly) {
        section.fields().forEach((name, key) -> {
            String path = prefix.isEmpty() ? name : prefix + "." + name;
            if (key instanceof Section s) {
                if (!leavesOnly) {
                    out.add(path);
                }
                collect(s, path, out, leavesOnly);
            } else if (!leavesOnly || key instanceof Leaf || key instanceof ScalarList) {
                out.add(path);
            }
        });
    }

    /** {@code aggregates.grace} → {@code VIGIL_AGGREGATES_GRACE}. */
    static String envName(String path) {
        return ConfigLoader.ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
