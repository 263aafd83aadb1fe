package dev.vigil.bench.reliability;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration file of a {@link VigilNode}, written as an operator writes one: the broker, the
 * topics, exactly-once, the state directory and the HTTP port, plus the run's own Kafka properties
 * and sections ({@code aggregates:}, {@code alerts:}, {@code observability:} beyond the port).
 *
 * @param kafkaProperties {@code kafka.properties} pass-through entries (e.g. {@code group.instance.id})
 * @param observability   lines under {@code observability:} besides the metrics port, indented by two
 *                        spaces (e.g. {@code "  loki:\n    url: ..."}); may be empty
 * @param sections        further top-level YAML sections, verbatim (may be empty; not {@code kafka},
 *                        {@code topics} or {@code observability}, which have their own fields)
 */
record VigilYaml(String bootstrap, String applicationId, Topics topics, Path stateDir, int port,
                 String guarantee, Map<String, String> kafkaProperties, String observability, String sections) {

    /** The topics one deployment reads and writes. */
    record Topics(String input, String dlq, String alerts) {
        /** Names of the run's own, prefixed. */
        static Topics named(String prefix) {
            return new Topics(prefix + "-events", prefix + "-dlq", prefix + "-alerts");
        }
    }

    /** Exactly-once, no further properties or sections. */
    static VigilYaml of(String bootstrap, String applicationId, Topics topics, Path stateDir, int port) {
        return new VigilYaml(bootstrap, applicationId, topics, stateDir, port, "exactly_once_v2", Map.of(), "", "");
    }

    VigilYaml withKafkaProperty(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(kafkaProperties);
        p.put(name, value);
        return new VigilYaml(bootstrap, applicationId, topics, stateDir, port, guarantee, p, observability, sections);
    }

    /** Every property of {@code properties} in turn ({@link #withKafkaProperty}); the last one given wins. */
    VigilYaml withKafkaProperties(Map<String, String> properties) {
        VigilYaml yaml = this;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            yaml = yaml.withKafkaProperty(e.getKey(), e.getValue());
        }
        return yaml;
    }

    VigilYaml withSections(String yaml) {
        return new VigilYaml(bootstrap, applicationId, topics, stateDir, port, guarantee, kafkaProperties, observability, yaml);
    }

    VigilYaml withObservability(String lines) {
        return new VigilYaml(bootstrap, applicationId, topics, stateDir, port, guarantee, kafkaProperties, lines,
                sections);
    }

    VigilYaml withGuarantee(String processingGuarantee) {
        return new VigilYaml(bootstrap, applicationId, topics, stateDir, port, processingGuarantee, kafkaProperties,
                observability, sections);
    }

    /** The same deployment as another instance: its own state directory and port. */
    VigilYaml asInstance(Path stateDir, int port) {
        return new VigilYaml(bootstrap, applicationId, topics, stateDir, port, guarantee, kafkaProperties, observability,
                sections);
    }

    String text() {
        StringBuilder y = new StringBuilder();
        y.append("kafka:\n");
        y.append("  bootstrap_servers: ").append(quote(bootstrap)).append('\n');
        y.append("  application_id: ").append(quote(applicationId)).append('\n');
        y.append("  processing_guarantee: ").append(guarantee).append('\n');
        y.append("  properties:\n");
        y.append("    state.dir: ").append(quote(stateDir.toString())).append('\n');
        kafkaProperties.forEach((k, v) -> y.append("    ").append(quote(k)).append(": ").append(quote(v)).append('\n'));
        y.append("topics:\n");
        y.append("  input: ").append(quote(topics.input())).append('\n');
        y.append("  dlq: ").append(quote(topics.dlq())).append('\n');
        y.append("  alerts: ").append(quote(topics.alerts())).append('\n');
        y.append("observability:\n  metrics:\n    prometheus_port: ").append(port).append('\n');
        y.append(observability);
        if (!observability.isEmpty() && !observability.endsWith("\n")) {
            y.append('\n');
        }
        y.append(sections);
        return y.toString();
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
