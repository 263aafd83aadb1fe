package dev.vigil.aggregates.series;

import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identity of one entry of the series store: a metric's series (one label set), or one of the
 * metric's two bookkeeping entries, its windowed-ratio {@linkplain Kind#CLOCK clock} and its
 * {@linkplain Kind#SERIES_COUNT distinct-series count} for the cardinality cap.
 *
 * <p>The bookkeeping entries have their own {@link Kind} rather than a reserved label value, because
 * any label value (an agent named {@code __clock__}) can arrive in an event: a reserved value could
 * collide with a real series, a kind cannot.
 *
 * <p>{@link #encode()} is the canonical store key, stable across versions:
 * <ul>
 *   <li>a series: the metric name, then for each label value {@code |<length>:<value>}, the length
 *       in UTF-16 code units ({@code agent_call_total|7:planner|4:chat|6:gpt-4o|2:ok}); a metric
 *       without labels is just its name ({@code active_tasks}). The length prefix makes every
 *       value, whatever characters it holds, unambiguous;</li>
 *   <li>the clock: {@code <metric name>#clock}; the series count: {@code <metric name>#series}.</li>
 * </ul>
 * Metric names hold only {@code [a-z_]}, so all the series of one metric share the prefix
 * {@link #seriesPrefix(Metric)} (or are exactly the name, for a metric without labels).
 *
 * @param metric      the metric
 * @param kind        series or bookkeeping entry
 * @param labelValues for a series, one value per {@link Metric#keyLabels()} label, in order; else empty
 */
public record SeriesKey(Metric metric, Kind kind, List<String> labelValues) {

    /** What a store entry is. */
    public enum Kind {
        /** A series of the metric, holding its value. */
        SERIES,
        /** The largest observation event time of a windowed metric, all label sets together. */
        CLOCK,
        /** How many distinct series of the metric exist, for the cardinality cap. */
        SERIES_COUNT
    }

    private static final String CLOCK_SUFFIX = "#clock";
    private static final String COUNT_SUFFIX = "#series";

    public SeriesKey {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(kind, "kind");
        labelValues = List.copyOf(labelValues); // also rejects null values
        switch (kind) {
            case SERIES -> {
                if (!metric.stored()) {
                    throw new IllegalArgumentException(metric.metricName() + " is derived at render time, not stored");
                }
                if (labelValues.size() != metric.keyLabels().size()) {
                    throw new IllegalArgumentException(metric.metricName() + " has labels " + metric.keyLabels()
                            + " but got values " + labelValues);
                }
            }
            case CLOCK -> {
                if (metric.type() != MetricType.RATIO) {
                    throw new IllegalArgumentException(metric.metricName() + " is not windowed, it has no clock");
                }
                requireNoLabels(metric, labelValues);
            }
            case SERIES_COUNT -> requireNoLabels(metric, labelValues);
        }
    }

    /** A series key. */
    public SeriesKey(Metric metric, List<String> labelValues) {
        this(metric, Kind.SERIES, labelValues);
    }

    /** A series key, label values in {@link Metric#keyLabels()} order. */
    public static SeriesKey of(Metric metric, String... labelValues) {
        return new SeriesKey(metric, Kind.SERIES, Arrays.asList(labelValues));
    }

    /** The key of a windowed metric's clock. */
    public static SeriesKey clock(Metric metric) {
        return new SeriesKey(metric, Kind.CLOCK, List.of());
    }

    /** The key of a metric's distinct-series count, kept by the series stage for the cardinality cap. */
    public static SeriesKey cardinalityCounter(Metric metric) {
        return new SeriesKey(metric, Kind.SERIES_COUNT, List.of());
    }

    /** The prefix shared by the encoded keys of every series of a metric that has labels. */
    public static String seriesPrefix(Metric metric) {
        return metric.metricName() + '|';
    }

    /** The same metric and kind with other label values (e.g. folded by the cardinality cap). */
    public SeriesKey withLabelValues(List<String> values) {
        return new SeriesKey(metric, kind, values);
    }

    /** The value of a label of this series. */
    public String labelValue(Label label) {
        int i = metric.keyLabels().indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException(metric.metricName() + " has no label " + label.wireName());
        }
        return labelValues.get(i);
    }

    /** The canonical store key (see the class comment). */
    public String encode() {
        String name = metric.metricName();
        return switch (kind) {
            case CLOCK -> name + CLOCK_SUFFIX;
            case SERIES_COUNT -> name + COUNT_SUFFIX;
            case SERIES -> {
                StringBuilder b = new StringBuilder(name.length() + 16 * labelValues.size());
                b.append(name);
                for (String v : labelValues) {
                    b.append('|').append(v.length()).append(':').append(v);
                }
                yield b.toString();
            }
        };
    }

    /**
     * The key {@link #encode()} made.
     *
     * @throws IllegalArgumentException when the text is not such a key
     */
    public static SeriesKey decode(String encoded) {
        int end = 0;
        while (end < encoded.length() && encoded.charAt(end) != '|' && encoded.charAt(end) != '#') {
            end++;
        }
        String name = encoded.substring(0, end);
        Metric metric = Metric.fromName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown metric in series key '" + encoded + "'"));
        if (end < encoded.length() && encoded.charAt(end) == '#') {
            String suffix = encoded.substring(end);
            if (suffix.equals(CLOCK_SUFFIX)) {
                return clock(metric);
            }
            if (suffix.equals(COUNT_SUFFIX)) {
                return cardinalityCounter(metric);
            }
            throw new IllegalArgumentException("unknown entry kind in series key '" + encoded + "'");
        }
        List<String> values = new ArrayList<>(metric.keyLabels().size());
        int pos = end;
        while (pos < encoded.length()) {
            if (encoded.charAt(pos) != '|') {
                throw new IllegalArgumentException("malformed series key '" + encoded + "' at " + pos);
            }
            int colon = encoded.indexOf(':', pos + 1);
            if (colon < 0) {
                throw new IllegalArgumentException("malformed series key '" + encoded + "' at " + pos);
            }
            if (colon == pos + 1 || !Character.isDigit(encoded.charAt(pos + 1))) {
                throw new IllegalArgumentException("malformed length in series key '" + encoded + "' at " + pos);
            }
            int length;
            try {
                length = Integer.parseInt(encoded, pos + 1, colon, 10);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed length in series key '" + encoded + "' at " + pos, e);
            }
            int start = colon + 1;
            if (length < 0 || start + length > encoded.length()) {
                throw new IllegalArgumentException("truncated series key '" + encoded + "'");
            }
            values.add(encoded.substring(start, start + length));
            pos = start + length;
        }
        return new SeriesKey(metric, Kind.SERIES, values);
    }

    private static void requireNoLabels(Metric metric, List<String> labelValues) {
        if (!labelValues.isEmpty()) {
            throw new IllegalArgumentException("a bookkeeping key of " + metric.metricName() + " has no labels");
        }
    }
}
