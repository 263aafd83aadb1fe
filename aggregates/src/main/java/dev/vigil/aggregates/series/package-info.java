/**
 * Series: their identity ({@link dev.vigil.aggregates.series.SeriesKey}), the updates entity
 * transitions emit, the values the series store holds and the math that applies one to the other,
 * including the cardinality cap and windowed ratios.
 */
package dev.vigil.aggregates.series;
