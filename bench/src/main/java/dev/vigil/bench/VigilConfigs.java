package dev.vigil.bench;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Vigil configurations for the benchmark runs, built the way an operator builds them: a YAML file
 * (Kafka pass-through properties, pools, alert rules) plus {@code VIGIL_*} overrides, through
 * {@link ConfigLoader}, so every run is validated like a real start.
 */
final class VigilConfigs {
    /** Topic names of one Vigil run. */
    record Topics(String input, String dlq, String alerts) {
    }

    private VigilConfigs() {
    }

    /**
     * @param guarantee  {@code at_least_once} or {@code exactly_once_v2}
     * @param yamlExtra  YAML sections besides {@code kafka} (e.g. {@code aggregates:} and
     *                   {@code alerts:}); may be empty
     */
    static VigilConfig build(String bootstrap, String applicationId, String guarantee, Topics topics, Path workDir,
                             Map<String, String> kafkaProperties, String yamlExtra) {
        return build(bootstrap, applicationId, guarantee, topics, workDir, kafkaProperties, yamlExtra, Map.of());
    }

    /**
     * @param envExtra further {@code VIGIL_*} overrides, applied after (so over) the driver's own, e.g.
     *                 {@code VIGIL_KAFKA_ROCKSDB_BLOCK_CACHE_BYTES} (a second {@code kafka:} section in
     *                 the YAML would clash with the one the Kafka properties go to)
     */
    static VigilConfig build(String bootstrap, String applicationId, String guarantee, Topics topics, Path workDir,
                             Map<String, String> kafkaProperties, String yamlExtra, Map<String, String> envExtra) {
        Map<String, String> env = new HashMap<>();
        env.put("VIGIL_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("VIGIL_KAFKA_APPLICATION_ID", applicationId);
        env.put("VIGIL_KAFKA_PROCESSING_GUARANTEE", guarantee);
        env.put("VIGIL_TOPICS_INPUT", topics.input());
        env.put("VIGIL_TOPICS_DLQ", topics.dlq());
        env.put("VIGIL_TOPICS_ALERTS", topics.alerts());
        env.put("VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", "0");
        env.put("VIGIL_KAFKA_PROPERTIES_STATE_DIR", workDir.resolve("state-" + applicationId).toString());
        env.putAll(envExtra);
        StringBuilder yaml = new StringBuilder();
        // VIGIL_* names are configuration overrides (e.g. VIGIL_TOPICS_INPUT_KEYED_BY_ENTITY=true), the
        // rest Kafka client properties.
        Map<String, String> clientProperties = new java.util.LinkedHashMap<>();
        kafkaProperties.forEach((k, v) -> (k.startsWith("VIGIL_") ? env : clientProperties).put(k, v));
        if (!clientProperties.isEmpty()) {
            yaml.append("kafka:\n  properties:\n");
            clientProperties.forEach((k, v) -> yaml.append("    ").append(quote(k)).append(": ").append(quote(v))
                    .append('\n'));
        }
        yaml.append(yamlExtra);
        if (yaml.isEmpty()) {
            return strict(null, env);
        }
        try {
            Path file = workDir.resolve("vigil-" + applicationId + ".yaml");
            Files.writeString(file, yaml);
            return strict(file, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every override here is the driver's own or given on its command line, so one that names no key is a mistake
     * that would measure another configuration than meant: stricter than {@code vigil run}, which only warns.
     */
    private static VigilConfig strict(Path file, Map<String, String> env) {
        ConfigLoader.Loaded loaded = ConfigLoader.loadReporting(file, env);
        if (!loaded.ignoredEnv().isEmpty()) {
            throw new IllegalArgumentException("overrides that name no configuration key: " + loaded.ignoredEnv());
        }
        return loaded.config();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
