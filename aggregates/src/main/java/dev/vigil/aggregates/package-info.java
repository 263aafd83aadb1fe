/**
 * Aggregates: the pure value types behind every metric of docs/metrics.md and their update math —
 * task/step/lease state machines (the ordering and lateness rules of docs/events.md), counters, fixed-bucket
 * histograms, windowed success ratios, the model price table and the cardinality cap.
 *
 * <p>Plain Java only: records and small immutable values, no Kafka and no I/O, so every rule is
 * unit-tested without a broker. The topology module wires these into state stores.
 */
package dev.vigil.aggregates;
