package dev.vigil.bench.flink;

/**
 * One change of one metric series, from the entity stage to the series stage: a counter increment or a histogram
 * observation, on the series named by its sample key ({@code name{label="value",...}}, labels sorted by name, as
 * Prometheus' text format writes them). A Flink POJO.
 */
public class SeriesUpdate {
    public static final int ADD = 0;
    public static final int OBSERVE = 1;

    /** The series: metric name and sorted labels, e.g. {@code task_total{status="submitted"}}. */
    public String series;
    /** {@link #ADD} (a counter) or {@link #OBSERVE} (a histogram). */
    public int kind;
    /** The increment, or the observed value (seconds). */
    public double value;

    public SeriesUpdate() {
    }

    public SeriesUpdate(String series, int kind, double value) {
        this.series = series;
        this.kind = kind;
        this.value = value;
    }

    /** The sample key of {@code name} with label names and values in pairs, given already sorted by name. */
    static String key(String name, String... sortedLabelPairs) {
        StringBuilder sb = new StringBuilder(64).append(name).append('{');
        for (int i = 0; i < sortedLabelPairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(sortedLabelPairs[i]).append("=\"");
            String v = sortedLabelPairs[i + 1];
            for (int c = 0; c < v.length(); c++) {
                char ch = v.charAt(c);
                switch (ch) {
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(ch);
                }
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }
}
