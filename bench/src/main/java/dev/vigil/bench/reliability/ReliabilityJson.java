package dev.vigil.bench.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code RELIABILITY.json}: the headline figures of the reliability runs, numbers only. A run
 * updates its own keys and keeps the others, so that the runs can be repeated one at a time.
 */
final class ReliabilityJson {
    /** The headline keys, in the order the file lists them. */
    static final List<String> KEYS = List.of("processor_kills", "processor_kills_exact", "broker_kills",
            "broker_kills_exact", "failover_s_standby", "failover_s_no_standby", "restore_s_per_million_entities",
            "hostile_records", "hostile_violations", "soak_rss_slope_mib_per_hour");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReliabilityJson() {
    }

    /** Writes the headline figures among {@code figures} into {@code file}, keeping the other keys it has. */
    static void update(Path file, Map<String, Number> figures) {
        try {
            ObjectNode old = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
            ObjectNode out = JSON.createObjectNode();
            for (String key : KEYS) {
                Number n = figures.get(key);
                if (n != null && n.doubleValue() == n.longValue()) {
                    out.put(key, n.longValue());
                } else if (n != null) {
                    out.put(key, n.doubleValue());
                } else if (old.has(key)) {
                    out.set(key, old.get(key));
                }
            }
            Files.writeString(file, JSON.writeValueAsString(out) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file, e);
        }
    }
}
