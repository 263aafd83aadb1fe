/**
 * The runnable application: {@code Main} (the {@code vigil} command line), {@code VigilApp} (start,
 * serve, close) and, below, the CLI commands, HTTP endpoints, Kafka set-up, metrics view and
 * telemetry.
 *
 * <p>API: {@code Main} and {@code VigilApp}, used by the demo, simulator runs and benchmarks, plus
 * {@code AlertTail}, {@code LagProbe}, {@code AggregatesCollector} and {@code LoggingSetup}, which the
 * demo and benchmarks reuse. The other public types of the sub-packages are public only so that
 * {@code VigilApp} and {@code Main} can wire them.
 */
package dev.vigil.app;
