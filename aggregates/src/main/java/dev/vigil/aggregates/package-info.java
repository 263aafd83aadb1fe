/**
 * Aggregates: the pure value types behind every metric of CONTRACT §3 and their update math —
 * task/step/lease state machines (out-of-order and late rules of §2), counters, fixed-bucket
 * histograms, windowed success ratios, the model price table and the cardinality cap.
 *
 * <p>Plain Java only: records and small immutable values, no Kafka and no I/O, so every rule is
 * unit-tested without a broker. The topology module wires these into state stores.
 */
package dev.vigil.aggregates;
