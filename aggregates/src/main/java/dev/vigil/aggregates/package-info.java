/**
 * Aggregates: the pure value types behind every metric of docs/metrics.md and their update math —
 * task/step/lease state machines (the ordering and lateness rules of docs/events.md), counters, fixed-bucket
 * histograms, windowed success ratios, the model price table and the cardinality cap.
 *
 * <p>Plain Java only: records and small immutable values, no Kafka and no I/O, so every rule is
 * unit-tested without a broker. The topology module wires these into state stores.
 *
 * <p>API: everything public in this package and its sub-packages ({@code codec}, {@code entity},
 * {@code metric}, {@code render}, {@code series}) is used by the topology, alerting or app modules,
 * except {@code PriceTable} and {@code BucketKind}, which are public only for the sibling packages.
 * Types no other package needs are package-private.
 */
package dev.vigil.aggregates;
