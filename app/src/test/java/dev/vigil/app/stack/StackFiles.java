package dev.vigil.app.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files of docker/ (the full stack), read as the tools that use them read them: YAML and JSON
 * trees. Paths are relative to the app module's directory, where Maven runs the tests.
 */
public final class StackFiles {
    public static final Path DOCKER = Path.of("..", "docker");
    public static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    public static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    public static final Path VIGIL_CONFIG = DOCKER.resolve("vigil/vigil.yaml");
    public static final Path HEALTH_CHECK = DOCKER.resolve("vigil/HealthCheck.java");
    public static final Path PROMETHEUS_DIR = DOCKER.resolve("prometheus");
    public static final Path PROMETHEUS_CONFIG = PROMETHEUS_DIR.resolve("prometheus.yml");
    /** The vigil job for secured endpoints (https, basic auth), to use instead of prometheus.yml's. */
    public static final Path PROMETHEUS_SECURED_JOB = PROMETHEUS_DIR.resolve("vigil-secured.job.yml");
    /** promtool's rule unit tests, one file per rule file of alerts. */
    public static final Path RULE_TESTS = PROMETHEUS_DIR.resolve("tests");
    public static final Path ALERTMANAGER_CONFIG = DOCKER.resolve("alertmanager/alertmanager.yml");
    public static final Path GRAFANA_PROVISIONING = DOCKER.resolve("grafana/provisioning");
    public static final Path DASHBOARDS = DOCKER.resolve("grafana/dashboards");
    public static final Path ROOT_POM = Path.of("..", "pom.xml");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StackFiles() {
    }

    public static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static JsonNode json(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static JsonNode compose() {
        return yaml(COMPOSE);
    }

    public static JsonNode service(String name) {
        JsonNode service = compose().path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return service;
    }

    /** The rule files prometheus.yml loads, resolved as Prometheus does: relative to the config file. */
    public static List<Path> ruleFiles() {
        List<Path> files = new ArrayList<>();
        yaml(PROMETHEUS_CONFIG).path("rule_files").forEach(f -> files.add(PROMETHEUS_DIR.resolve(f.asText())));
        return files;
    }

    /** The promtool rule unit test files of {@link #RULE_TESTS}, sorted by name. */
    public static List<Path> ruleTests() {
        try (Stream<Path> files = Files.list(RULE_TESTS)) {
            return files.filter(f -> f.toString().endsWith(".test.yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + RULE_TESTS, e);
        }
    }

    /** The dashboard JSON files, sorted by name. */
    public static List<Path> dashboards() {
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DASHBOARDS, e);
        }
    }

    /** A service's container port for a "host:container" entry of its ports list. */
    public static List<Integer> containerPorts(JsonNode service) {
        List<Integer> ports = new ArrayList<>();
        service.path("ports").forEach(p -> {
            String[] parts = p.asText().split(":");
            ports.add(Integer.parseInt(parts[parts.length - 1].replaceAll("/.*", "")));
        });
        return ports;
    }
}
