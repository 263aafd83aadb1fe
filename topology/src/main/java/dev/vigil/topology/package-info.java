/**
 * Topology: the Kafka Streams wiring of the serdes, aggregates and alerting modules. Every processor,
 * store and internal topic is named here (their names are an upgrade contract).
 *
 * <p>API, for the app module: {@code TopologySettings} (parsed once at start-up),
 * {@code VigilTopology} (build), {@code StoreNames} and {@code SelfMetricKey} (to read the stores),
 * {@code RefusedInputs}, {@code BoundedRocksDbMemory}, {@code GroupPartitioner} (routing of queries)
 * and the {@code tracing} package. The processors of the
 * {@code dedup}, {@code entity}, {@code ingest} and {@code series} packages, and {@code EventClock},
 * {@code ExpiryIndex} and {@code Counts}, are public only because {@code VigilTopology} wires them
 * from this package; they are not meant for use elsewhere.
 */
package dev.vigil.topology;
