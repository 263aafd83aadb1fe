package dev.vigil.app.stack;

import dev.vigil.app.metrics.MetricsReference;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metrics Vigil exposes, as the code defines them: the rows of {@link MetricsReference} (the
 * generated table of docs/metrics.md), with the sample names a histogram adds.
 */
public final class MetricCatalogue {
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    /** Family name → (type, labels). */
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String type, Set<String> labels) {
    }

    public MetricCatalogue() {
        for (String line : MetricsReference.markdown().split("\n")) {
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

    public Set<String> familyNames() {
        return families.keySet();
    }

    /** The labels of a sample name ({@code x_bucket} of a histogram has {@code le} too); empty if unknown. */
    public Optional<Set<String>> labelsOf(String sampleName) {
        Family family = families.get(sampleName);
        if (family != null) {
            return Optional.of(family.labels());
        }
        for (String suffix : HISTOGRAM_SUFFIXES) {
            if (sampleName.endsWith(suffix)) {
                Family histogram = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (histogram != null && histogram.type().equals("histogram")) {
                    Set<String> labels = new TreeSet<>(histogram.labels());
                    if (suffix.equals("_bucket")) {
                        labels.add("le");
                    }
                    return Optional.of(labels);
                }
            }
        }
        return Optional.empty();
    }
}
