package dev.vigil.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Vigil must report after consuming exactly the records of one simulator run: the exact values of its
 * self-metrics ({@code vigil_events_total{type,outcome}}, {@code vigil_dlq_total{reason}}), and every sample of the
 * metrics of docs/metrics.md (but {@code alerts_firing}) plus {@code vigil_late_events_total} and
 * {@code vigil_unpriced_calls_total} ({@code metrics}, computed by {@link MetricsOracle}; empty when not computed).
 * {@code eventsTotal} and {@code dlqTotal} hold only non-zero counts; all maps are sorted by key.
 *
 * @param seed        the generator seed
 * @param records     how many records the run published (and had acknowledged)
 * @param eventsTotal type label → outcome label → count
 * @param dlqTotal    dead-letter reason → count
 * @param metrics     sample key (see {@link PrometheusSamples}, e.g. {@code task_total{status="submitted"}}) →
 *                    value; compare with {@link PrometheusSamples#differences}
 */
public record GroundTruth(long seed, long records, Map<String, Map<String, Long>> eventsTotal,
                         Map<String, Long> dlqTotal, Map<String, Double> metrics) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    public GroundTruth {
        eventsTotal = eventsTotal == null ? Map.of() : sortedCopy(eventsTotal);
        dlqTotal = dlqTotal == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(dlqTotal));
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    private static Map<String, Map<String, Long>> sortedCopy(Map<String, Map<String, Long>> m) {
        TreeMap<String, Map<String, Long>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Collections.unmodifiableMap(new TreeMap<>(v))));
        return Collections.unmodifiableMap(out);
    }

    /** {@code vigil_events_total{type, outcome}}, 0 when absent. */
    public long events(String type, String outcome) {
        return eventsTotal.getOrDefault(type, Map.of()).getOrDefault(outcome, 0L);
    }

    /** {@code vigil_events_total{outcome}} summed over types. */
    public long events(Outcome outcome) {
        return eventsTotal.values().stream().mapToLong(m -> m.getOrDefault(outcome.label(), 0L)).sum();
    }

    /** {@code vigil_dlq_total{reason}}, 0 when absent. */
    public long dlq(String reason) {
        return dlqTotal.getOrDefault(reason, 0L);
    }

    /** The same truth with these metric samples. */
    public GroundTruth withMetrics(Map<String, Double> samples) {
        return new GroundTruth(seed, records, eventsTotal, dlqTotal, samples);
    }

    /** The value of one sample, by sample key, or null when Vigil must not expose it. */
    public Double metric(String sampleKey) {
        return metrics.get(sampleKey);
    }

    /** Pretty JSON. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes pretty JSON to {@code path}, creating parent directories. */
    public void write(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, toJson() + System.lineSeparator());
    }

    /** Reads a truth file written by {@link #write(Path)}. */
    public static GroundTruth read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), GroundTruth.class);
    }

    /** Parses the JSON of {@link #toJson()}. */
    public static GroundTruth fromJson(String json) throws IOException {
        return JSON.readValue(json, GroundTruth.class);
    }
}
