package dev.vigil.bench.reliability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a {@link VigilNode} has drained a known number of records: its {@code /metrics}
 * counts them all ({@code vigil_events_total}) and its aggregate samples equal the simulator's
 * truth exactly. The rate is records / (drained − first record counted), as BENCHMARKS.md defines
 * it; the CPU is the Vigil process's own over the same span.
 */
final class NodeDrain {
    private static final long POLL_NANOS = 250_000_000L;

    /**
     * What one drain measured.
     *
     * @param seconds            from the first record counted to the exact match
     * @param cpuSeconds         CPU time of the Vigil process over those seconds
     * @param exposition         the last {@code /metrics} page (the exact one when {@code exact})
     * @param differences        the exact comparison's violations at the end (empty when exact)
     */
    record Result(long records, double seconds, double cpuSeconds, boolean exact, String exposition,
                  List<String> differences) {
        double rate() {
            return records / seconds;
        }

        /** CPU microseconds per record. */
        double cpuMicrosPerRecord() {
            return cpuSeconds * 1e6 / records;
        }
    }

    private NodeDrain() {
    }

    /**
     * Polls the node (already started) until it has counted {@code records} and its metrics equal
     * {@code expected}, or the timeout passes (then the result is not exact, with the differences).
     */
    static Result await(VigilNode node, long records, Map<String, Double> expected, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long first = -1;
        double firstCpu = 0;
        String page = null;
        List<String> differences = List.of("never scraped");
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException(node.name() + " exited during the drain:\n" + node.logTail(30));
            }
            String metrics = node.metrics();
            long now = System.nanoTime();
            if (metrics != null) {
                page = metrics;
                long counted = ExactCheck.counted(metrics);
                if (first < 0 && counted > 0) {
                    first = now;
                    firstCpu = cpuSeconds(node.pid());
                }
                if (counted >= records) {
                    differences = ExactCheck.metrics(metrics, expected);
                    if (differences.isEmpty()) {
                        return new Result(records, (now - first) / 1e9, cpuSeconds(node.pid()) - firstCpu, true,
                                metrics, List.of());
                    }
                } else {
                    differences = List.of(counted + " of " + records + " records counted");
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        double seconds = first < 0 ? Double.NaN : (System.nanoTime() - first) / 1e9;
        return new Result(records, seconds, first < 0 ? Double.NaN : cpuSeconds(node.pid()) - firstCpu, false, page,
                differences);
    }

    /** CPU time (user + system) of a process so far. */
    static double cpuSeconds(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(d -> d.toNanos() / 1e9)
                .orElse(Double.NaN);
    }

    /** One sample of a {@code /metrics} page, 0 when absent. */
    static double sample(String exposition, String key) {
        return dev.vigil.simulator.PrometheusSamples.parse(exposition).getOrDefault(key, 0.0);
    }
}
