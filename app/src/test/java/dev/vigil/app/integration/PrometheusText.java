package dev.vigil.app.integration;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads samples out of a Prometheus text exposition, as a scraper would, so tests compare what a
 * user sees, not internal state. Label sets are normalised (sorted) so keys compare exactly.
 */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+\\S+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /** Sample name → (sorted labels → value). */
    static Map<String, Map<Map<String, String>, Double>> parse(String body) {
        Map<String, Map<Map<String, String>, Double>> samples = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(labels, Double.parseDouble(m.group(4)));
        }
        return samples;
    }

    /** The samples of one metric keyed by the values of the given labels joined with '|'. */
    static Map<String, Long> series(String body, String name, String... labelNames) {
        Map<String, Long> out = new TreeMap<>();
        parse(body).getOrDefault(name, Map.of()).forEach((labels, value) -> {
            StringBuilder key = new StringBuilder();
            for (String label : labelNames) {
                if (key.length() > 0) {
                    key.append('|');
                }
                key.append(labels.get(label));
            }
            out.put(key.toString(), value.longValue());
        });
        return out;
    }
}
