package dev.vigil.topology.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The samples a scrape would show, as {@code sample key → value}. A sample key is the Prometheus
 * text form with labels sorted by name, e.g. {@code task_total{status="succeeded"}},
 * {@code lease_held_seconds_bucket{le="10.0",pool="browser"}}, {@code active_tasks}. A histogram
 * family yields one {@code _bucket} per bound (cumulative, {@code le} as Java prints the bound)
 * and {@code le="+Inf"}, then {@code _sum} and {@code _count}.
 */
final class RenderedMetrics {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    private final Map<String, Double> samples;

    private RenderedMetrics(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** Flattens rendered families into scrape samples. */
    static RenderedMetrics of(List<MetricFamilySnapshot> families) {
        Map<String, Double> samples = new TreeMap<>();
        for (MetricFamilySnapshot family : families) {
            List<String> names = family.labelNames();
            for (MetricSample sample : family.samples()) {
                Map<String, String> labels = new TreeMap<>();
                for (int i = 0; i < names.size(); i++) {
                    labels.put(names.get(i), sample.labelValues().get(i));
                }
                if (sample instanceof MetricSample.Value v) {
                    put(samples, key(family.name(), labels), v.value());
                } else if (sample instanceof MetricSample.HistogramValue h) {
                    for (int i = 0; i < h.upperBounds().size(); i++) {
                        Map<String, String> withLe = new TreeMap<>(labels);
                        withLe.put("le", Double.toString(h.upperBounds().get(i)));
                        put(samples, key(family.name() + "_bucket", withLe), h.cumulativeCounts().get(i));
                    }
                    Map<String, String> inf = new TreeMap<>(labels);
                    inf.put("le", "+Inf");
                    put(samples, key(family.name() + "_bucket", inf), h.count());
                    put(samples, key(family.name() + "_sum", labels), h.sum());
                    put(samples, key(family.name() + "_count", labels), h.count());
                }
            }
        }
        return new RenderedMetrics(samples);
    }

    private static void put(Map<String, Double> samples, String key, double value) {
        if (samples.put(key, value) != null) {
            throw new AssertionError("sample rendered twice: " + key);
        }
    }

    /** Every sample. */
    Map<String, Double> samples() {
        return samples;
    }

    /**
     * The samples of the named metrics: a name selects the samples of exactly that sample name, and a
     * histogram's base name also selects its {@code _bucket}, {@code _sum} and {@code _count}.
     */
    Map<String, Double> select(String... names) {
        Set<String> wanted = Arrays.stream(names).collect(Collectors.toSet());
        Map<String, Double> selected = new TreeMap<>();
        samples.forEach((key, value) -> {
            String name = sampleName(key);
            if (wanted.contains(name) || HISTOGRAM_SUFFIXES.stream().anyMatch(
                    s -> name.endsWith(s) && wanted.contains(name.substring(0, name.length() - s.length())))) {
                selected.put(key, value);
            }
        });
        return selected;
    }

    /** The value of one sample, or null when the scrape does not show it. */
    Double get(String sampleKey) {
        return samples.get(canonical(sampleKey));
    }

    /**
     * Asserts that the samples of the named metrics are exactly the expected scrape lines
     * ({@code <sample key> <value>}, one per line, any order, labels in any order; blank for none).
     */
    void assertExactly(String expectedScrape, String... names) {
        Map<String, Double> expected = parse(expectedScrape);
        assertThat(format(select(names)))
                .as("scrape of %s", String.join(", ", names))
                .isEqualTo(format(expected));
    }

    /**
     * Asserts that the scrape shows each of the given lines (other samples may exist too); a line
     * {@code <sample key> absent} asserts that the sample is not shown.
     */
    void assertIncludes(String expectedLines) {
        Map<String, Double> expected = new TreeMap<>();
        Map<String, Double> actual = new TreeMap<>();
        for (String raw : expectedLines.split("\n")) {
            String line = raw.strip();
            if (line.endsWith(" absent")) {
                String key = canonical(line.substring(0, line.length() - " absent".length()).strip());
                assertThat(samples).as("scrape shows %s", key).doesNotContainKey(key);
            } else if (!line.isEmpty()) {
                expected.putAll(parse(line));
            }
        }
        expected.keySet().forEach(k -> {
            if (samples.containsKey(k)) {
                actual.put(k, samples.get(k));
            }
        });
        assertThat(format(actual)).as("scrape (all samples:%n%s%n)", format(samples)).isEqualTo(format(expected));
    }

    /** Asserts that the named metrics show no sample at all. */
    void assertAbsent(String... names) {
        assertExactly("", names);
    }

    @Override
    public String toString() {
        return format(samples);
    }

    /** Parses scrape lines into sample key → value, labels put in canonical (sorted) order. */
    static Map<String, Double> parse(String scrape) {
        Map<String, Double> parsed = new TreeMap<>();
        for (String raw : scrape.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a scrape line: " + line);
            }
            String key = canonical(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
            if (parsed.put(key, Double.parseDouble(m.group(4))) != null) {
                throw new IllegalArgumentException("sample twice in the expectation: " + key);
            }
        }
        return parsed;
    }

    private static String canonical(String sampleKey) {
        int brace = sampleKey.indexOf('{');
        if (brace < 0) {
            return sampleKey;
        }
        Map<String, String> labels = new TreeMap<>();
        Matcher l = LABEL.matcher(sampleKey.substring(brace + 1, sampleKey.length() - 1));
        while (l.find()) {
            labels.put(l.group(1), unescape(l.group(2)));
        }
        return key(sampleKey.substring(0, brace), labels);
    }

    private static String key(String name, Map<String, String> sortedLabels) {
        if (sortedLabels.isEmpty()) {
            return name;
        }
        return name + sortedLabels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String sampleName(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    private static String format(Map<String, Double> samples) {
        return new TreeMap<>(samples).entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining("\n"));
    }
}
