package dev.vigil.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * CPU time used by this JVM (the driver, and Vigil when it runs in it) and by the broker's JVM
 * over a phase, so a report can say how many of the machine's cores each used.
 */
final class CpuMeter {
    private final long brokerPid;
    private final long startNanos;
    private final long startSelfCpu;
    private final long startBrokerCpu;

    private CpuMeter(long brokerPid) {
        this.brokerPid = brokerPid;
        this.startNanos = System.nanoTime();
        this.startSelfCpu = selfCpuNanos();
        this.startBrokerCpu = processCpuNanos(brokerPid);
    }

    static CpuMeter start(long brokerPid) {
        return new CpuMeter(brokerPid);
    }

    /** Cores used on average since the start: CPU time / wall time, for this JVM and the broker's. */
    record Usage(double seconds, double selfCores, double brokerCores) {
    }

    Usage stop() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        double self = (selfCpuNanos() - startSelfCpu) / 1e9;
        double broker = (processCpuNanos(brokerPid) - startBrokerCpu) / 1e9;
        return new Usage(wall, wall > 0 ? self / wall : 0, wall > 0 ? broker / wall : 0);
    }

    static long selfCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long processCpuNanos(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(0L);
    }
}
