package dev.vigil.aggregates.series;

import dev.vigil.aggregates.metric.Label;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The per-metric cardinality cap ({@code aggregates.max_series_per_metric}) of docs/aggregates.md.
 *
 * <p>A label set that already exists is used as is (once admitted, always admitted). A new one is
 * admitted while the metric has fewer series than the cap. Past the cap, its foldable label values
 * ({@link Label#foldable()}: {@code agent_name}, {@code capability}, {@code model_name}, {@code pool})
 * become {@value #OTHER} and that folded series is used, created if needed even beyond the cap.
 *
 * <p>Deterministic and sticky: series are never deleted, so the count never falls, and a label set
 * that was folded once finds the metric still full and folds the same way every later time. Where
 * the count is kept is the series stage's business ({@link SeriesKey#cardinalityCounter}).
 */
public final class CardinalityCap {
    /** The value folded label values are replaced by. */
    public static final String OTHER = "__other__";

    private CardinalityCap() {
    }

    /**
     * The series an update is applied to.
     *
     * @param key     the series to use (possibly folded)
     * @param created true when that series does not exist yet, so the metric's count grows by one
     */
    public record Admission(SeriesKey key, boolean created) {
    }

    /**
     * @param key                the series an update addresses
     * @param exists             whether a series already exists in the store
     * @param distinctSeries     the metric's current number of distinct series
     * @param maxSeriesPerMetric the cap
     */
    public static Admission admit(SeriesKey key, Predicate<SeriesKey> exists, long distinctSeries,
                                  int maxSeriesPerMetric) {
        if (exists.test(key)) {
            return new Admission(key, false);
        }
        if (distinctSeries < maxSeriesPerMetric) {
            return new Admission(key, true);
        }
        SeriesKey folded = fold(key);
        return new Admission(folded, !exists.test(folded));
    }

    /** The key with every foldable label value replaced by {@value #OTHER}. */
    public static SeriesKey fold(SeriesKey key) {
        List<Label> labels = key.metric().keyLabels();
        List<String> values = new ArrayList<>(key.labelValues());
        boolean changed = false;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).foldable() && !OTHER.equals(values.get(i))) {
                values.set(i, OTHER);
                changed = true;
            }
        }
        return changed ? key.withLabelValues(values) : key;
    }
}
