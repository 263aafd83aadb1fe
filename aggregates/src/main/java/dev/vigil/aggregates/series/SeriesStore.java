package dev.vigil.aggregates.series;

/**
 * The series store as {@link SeriesStage} sees it: the topology adapts its changelogged key-value
 * store to this (keys by {@link SeriesKey#encode()}, values by the series value codec), so the
 * series stage's logic stays free of Kafka and testable with a map.
 */
public interface SeriesStore {
    /** The stored value, or null when there is none. */
    SeriesValue get(SeriesKey key);

    void put(SeriesKey key, SeriesValue value);
}
