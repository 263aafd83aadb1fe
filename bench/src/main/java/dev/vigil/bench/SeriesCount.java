package dev.vigil.bench;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts the sample lines and the series of a Prometheus text exposition (format 0.0.4, what
 * {@code /metrics} answers without an {@code Accept} header).
 *
 * <p>A <b>series</b> is a distinct metric family + label set, so a histogram data point counts
 * once, not once per line: of a histogram (or summary) family only its {@code _count} line counts
 * (each data point writes exactly one, beside its {@code _bucket}s and {@code _sum}); of any other
 * type, every line. The family and its type come from the {@code # TYPE} line that precedes the
 * samples. The created timestamps of a counter {@code x_total} or a histogram {@code x}, which this
 * format writes (when enabled) as a gauge family {@code x_created}, are not series of their own.
 * <b>Vigil's own</b> series are those of families not named {@code kafka_*} (the Kafka client
 * metrics bound through Micrometer).
 */
final class SeriesCount {
    /** The pseudo type of a created-timestamp family. */
    private static final String CREATED = "created";

    /**
     * @param samples      every sample line
     * @param vigilSamples sample lines of Vigil's own families
     * @param vigilSeries  series of Vigil's own families
     * @param marked       series of Vigil's own families whose line contains the marker
     */
    record Counts(int samples, int vigilSamples, int vigilSeries, int marked) {
    }

    private SeriesCount() {
    }

    /** @param marker a substring that marks the series to count apart, e.g. a label; null for none */
    static Counts of(String exposition, String marker) {
        int samples = 0;
        int vigilSamples = 0;
        int vigilSeries = 0;
        int marked = 0;
        String family = "";
        String type = "untyped";
        Set<String> createdFamilies = new HashSet<>();
        int length = exposition.length();
        int start = 0;
        while (start < length) {
            int end = exposition.indexOf('\n', start);
            if (end < 0) {
                end = length;
            }
            String line = exposition.substring(start, end);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ");
                if (parts.length >= 4 && parts[1].equals("TYPE")) {
                    family = parts[2];
                    type = parts[3];
                    if (type.equals("counter") && family.endsWith("_total")) {
                        createdFamilies.add(family.substring(0, family.length() - "_total".length()) + "_created");
                    } else if (!type.equals("gauge") && !type.equals("untyped")) {
                        createdFamilies.add(family + "_created");
                    } else if (createdFamilies.contains(family)) {
                        type = CREATED;
                    }
                }
                continue;
            }
            samples++;
            String name = sampleName(line);
            // A line that is not of the family last typed stands alone (untyped).
            boolean ofFamily = !family.isEmpty() && name.startsWith(family);
            String lineFamily = ofFamily ? family : name;
            if (lineFamily.startsWith("kafka_")) {
                continue;
            }
            vigilSamples++;
            if (isSeriesLine(name, lineFamily, ofFamily ? type : "untyped")) {
                vigilSeries++;
                if (marker != null && line.contains(marker)) {
                    marked++;
                }
            }
        }
        return new Counts(samples, vigilSamples, vigilSeries, marked);
    }

    private static boolean isSeriesLine(String name, String family, String type) {
        return switch (type) {
            case "histogram", "gaugehistogram", "summary" -> name.equals(family + "_count");
            case CREATED -> false;
            default -> true;
        };
    }

    private static String sampleName(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        return line.substring(0, i);
    }
}
