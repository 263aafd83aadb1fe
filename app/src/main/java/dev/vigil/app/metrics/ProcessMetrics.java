package dev.vigil.app.metrics;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What Vigil exposes about its own process beside its work: the Prometheus Java client's JVM and
 * process metrics ({@code jvm_*}, {@code process_*}), RocksDB's memory ({@link RocksDbMemoryCollector})
 * and {@link BuildInfo}.
 *
 * <p>The Prometheus client's rather than Micrometer's JVM binders, though Micrometer renders the Kafka
 * client metrics: these are the names Prometheus' own and other clients' process collectors use
 * ({@code process_cpu_seconds_total} as a counter, {@code process_resident_memory_bytes},
 * {@code process_open_fds}, {@code jvm_memory_used_bytes}, {@code jvm_gc_collection_seconds}), so
 * standard dashboards and alerts work on Vigil as they are. Micrometer's binders have no resident
 * memory and report CPU as a {@code process_cpu_usage} gauge instead of a counter.
 */
public final class ProcessMetrics {
    /**
     * The JVM metrics, registered once per process: they describe the process, and the client keeps
     * every registry it was registered on (and its GC listeners) forever, which would hold on to each
     * closed app's registry in a JVM that starts several (the tests).
     */
    private static final PrometheusRegistry JVM = jvm();

    private ProcessMetrics() {
    }

    /** Registers the JVM, process, RocksDB memory and build metrics on the registry /metrics renders. */
    public static void register(PrometheusRegistry registry) {
        registry.register((MultiCollector) JVM::scrape);
        registry.register(new RocksDbMemoryCollector());
        registry.register(BuildInfo.ofThisBuild());
    }

    private static PrometheusRegistry jvm() {
        PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }
}
