package dev.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/results.json}: the headline figures of BENCHMARKS.md, numbers only. A run writes the
 * keys it measured and keeps the others, so that the phases (and JMH, and {@code bench/compare}) can
 * be run one at a time; a key is only written when it was measured the way its name says (defaults,
 * 10,000 series, 1,000,000 entities).
 */
final class BenchResults {
    /** The headline keys, in the order the file lists them. */
    static final List<String> KEYS = List.of("cpu_us_per_event_eos_random_keys", "cpu_us_per_event_eos_entity_keys",
            "vigil_over_flink_events_per_cpu_s", "vigil_over_previous_events_per_cpu_s", "alert_p99_ms_defaults",
            "metrics_render_ms_10k", "scrape_p99_ms_10k_under_load", "series_ceiling_events_per_s",
            "rss_mib_1m_entities");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchResults() {
    }

    /** The headline figures an end-to-end run measured, by key. */
    static Map<String, Double> of(Report report, E2eOptions options) {
        Map<String, Double> out = new LinkedHashMap<>();
        boolean defaults = options.vigilProperties().isEmpty();
        put(out, options.randomKeys() ? "cpu_us_per_event_eos_random_keys" : "cpu_us_per_event_eos_entity_keys",
                defaults ? report.value("eos", "cpu_per_record") : Double.NaN);
        put(out, "vigil_over_flink_events_per_cpu_s", report.value("flink", "vigil_over_flink_events_per_cpu_s"));
        put(out, "alert_p99_ms_defaults", defaults ? report.value("alert", "firing_p99") : Double.NaN);
        put(out, "scrape_p99_ms_10k_under_load",
                options.seriesScrape().series() == 10_000 ? report.value("scrape", "latency_p99") : Double.NaN);
        put(out, "series_ceiling_events_per_s", defaults ? report.value("ceiling", "events_per_s") : Double.NaN);
        put(out, "rss_mib_1m_entities",
                options.memory().entities() == 1_000_000 ? report.value("memory", "rss_peak_mib") : Double.NaN);
        return out;
    }

    private static void put(Map<String, Double> out, String key, double value) {
        if (!Double.isNaN(value)) {
            out.put(key, value);
        }
    }

    /** Writes {@code figures} (headline keys only) into {@code file}, keeping the other keys it has. */
    static void update(Path file, Map<String, Double> figures) {
        try {
            ObjectNode old = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
            ObjectNode out = JSON.createObjectNode();
            for (String key : KEYS) {
                Double v = figures.get(key);
                if (v != null) {
                    // Three significant decimals are plenty for a figure measured on a noisy machine.
                    out.put(key, Math.round(v * 1000) / 1000.0);
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
