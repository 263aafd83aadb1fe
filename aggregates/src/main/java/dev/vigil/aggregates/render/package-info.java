/**
 * The read side: series-store entries turned into plain metric family snapshots (names, labels,
 * values, cumulative histogram buckets), including the ratios at each window and the pool metrics
 * derived at render time, so the app renders Prometheus output without knowing the math.
 */
package dev.vigil.aggregates.render;
