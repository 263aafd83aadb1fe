package dev.vigil.app.stack;

import dev.vigil.app.metrics.MetricsReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics Vigil exposes, as the code defines them: the rows of {@link MetricsReference} (the
 * generated table of docs/metrics.md), with the sample names a histogram or summary adds; plus the
 * tables of docs/metrics.md that list what the code does not define itself but /metrics has (the JVM,
 * process and Kafka client metrics the dashboards read: section "JVM and process") and the
 * Alertmanager notifier's metrics, which exist only with {@code alerts.alertmanager.urls}.
 * PrometheusStackIntegrationTest proves that every name a dashboard reads really has data.
 */
public final class MetricCatalogue {
    public static final Path METRICS_DOC = Path.of("..", "docs", "metrics.md");
    /** Labels Prometheus attaches to every series it scrapes. */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final Map<String, List<String>> SUFFIXES = Map.of(
            "histogram", List.of("_bucket", "_sum", "_count"),
            "summary", List.of("_sum", "_count"));

    /** Family name → (type, labels). */
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Set<String> onlyWithAlertmanager = new TreeSet<>();
    private final Set<String> runtime = new TreeSet<>();

    private record Family(String type, Set<String> labels) {
    }

    public MetricCatalogue() {
        String doc = docText();
        read(MetricsReference.markdown());
        Set<String> generated = new TreeSet<>(families.keySet());
        read(between(doc, "runtime-metrics"));
        families.keySet().stream().filter(n -> !generated.contains(n)).forEach(runtime::add);
        String alertmanager = between(doc, "alertmanager-metrics");
        Set<String> before = new TreeSet<>(families.keySet());
        read(alertmanager);
        families.keySet().stream().filter(n -> !before.contains(n)).forEach(onlyWithAlertmanager::add);
    }

    public Set<String> familyNames() {
        return families.keySet();
    }

    /** The JVM, process and Kafka client families docs/metrics.md lists in "JVM and process". */
    public Set<String> runtimeFamilies() {
        return runtime;
    }

    /**
     * Families of the Alertmanager notifier (docs/metrics.md, "Alertmanager notifications"): on
     * /metrics only when {@code alerts.alertmanager.urls} is set.
     */
    public Set<String> onlyWithAlertmanager() {
        return onlyWithAlertmanager;
    }

    /** The family a sample name belongs to ({@code x_bucket} of histogram {@code x} is {@code x}), if known. */
    public Optional<String> familyOf(String sampleName) {
        if (families.containsKey(sampleName)) {
            return Optional.of(sampleName);
        }
        for (Map.Entry<String, List<String>> type : SUFFIXES.entrySet()) {
            for (String suffix : type.getValue()) {
                if (sampleName.endsWith(suffix)) {
                    Family family = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                    if (family != null && family.type().equals(type.getKey())) {
                        return Optional.of(sampleName.substring(0, sampleName.length() - suffix.length()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The labels of a sample name, {@code job} and {@code instance} included ({@code x_bucket} of a
     * histogram has {@code le} too, a summary's quantiles {@code quantile}); empty if unknown.
     */
    public Optional<Set<String>> labelsOf(String sampleName) {
        return familyOf(sampleName).map(name -> {
            Family family = families.get(name);
            Set<String> labels = new TreeSet<>(family.labels());
            labels.addAll(TARGET_LABELS);
            if (sampleName.endsWith("_bucket") && family.type().equals("histogram")) {
                labels.add("le");
            }
            if (sampleName.equals(name) && family.type().equals("summary")) {
                labels.add("quantile");
            }
            return labels;
        });
    }

    private void read(String markdownTable) {
        for (String line : markdownTable.split("\n")) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].trim().startsWith("`")) {
                continue;
            }
            String name = cells[1].trim().replace("`", "");
            Set<String> labels = new TreeSet<>();
            Arrays.stream(cells[3].split(",")).map(l -> l.trim().replace("`", "")).filter(l -> !l.isEmpty())
                    .forEach(labels::add);
            families.put(name, new Family(cells[2].trim(), labels));
        }
    }

    private static String between(String doc, String marker) {
        int start = doc.indexOf("<!-- " + marker + ":start");
        int end = doc.indexOf("<!-- " + marker + ":end -->");
        if (start < 0 || end < start) {
            throw new AssertionError("docs/metrics.md has no " + marker + " markers");
        }
        return doc.substring(start, end);
    }

    private static String docText() {
        try {
            return Files.readString(METRICS_DOC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
