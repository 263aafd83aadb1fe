package dev.vigil.app.memory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.OperatingSystemMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;

/**
 * The memory facts of this JVM for {@link MemoryBudget}: the limit is {@code -XX:MaxRAM} when set
 * on the command line (it is what the heap percentage was taken of), else the total memory the JVM
 * sees, which under a container is the cgroup's limit (JDK container support) and otherwise the RAM.
 */
public final class JvmMemory {
    private JvmMemory() {
    }

    public static MemoryBudget.Facts read() {
        long heap = Runtime.getRuntime().maxMemory();
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        if (hotspot != null) {
            VMOption maxRam = hotspot.getVMOption("MaxRAM");
            if (maxRam.getOrigin() != VMOption.Origin.DEFAULT && maxRam.getOrigin() != VMOption.Origin.ERGONOMIC) {
                return new MemoryBudget.Facts(Long.parseLong(maxRam.getValue()), "-XX:MaxRAM", heap);
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            // Container-aware since JDK 14: the cgroup's memory limit when one is set, else the RAM.
            long total = os.getTotalMemorySize();
            return new MemoryBudget.Facts(total, "the memory the JVM sees: the container's limit, or the RAM", heap);
        }
        return new MemoryBudget.Facts(Long.MAX_VALUE, "unknown", heap);
    }
}
