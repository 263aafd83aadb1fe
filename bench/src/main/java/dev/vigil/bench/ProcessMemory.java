package dev.vigil.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The memory of another JVM on this machine: resident set from {@code /proc/<pid>/status}; the
 * heap in use after a full collection and the JVM's own committed memory through {@code jcmd} (the
 * JDK's diagnostic command tool, which attaches to the process: no agent needed in it).
 */
public final class ProcessMemory {
    private static final long KIB = 1024;
    /** G1's line of {@code GC.heap_info}: {@code garbage-first heap   total 262144K, used 91234K [...}. */
    private static final Pattern G1_HEAP = Pattern.compile(
            "garbage-first heap\\s+total (\\d+)K, used (\\d+)K(?: \\[0x([0-9a-f]+), 0x([0-9a-f]+)\\))?");
    /** A mapping's first line in {@code /proc/<pid>/smaps}: {@code 7f1c2a000000-7f1c2a021000 rw-p 00000000 00:00 0}. */
    private static final Pattern SMAPS_RANGE = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");
    /** The first line of {@code VM.native_memory summary}: {@code Total: reserved=1850316KB, committed=416028KB}. */
    private static final Pattern NMT_TOTAL = Pattern.compile("Total: reserved=(\\d+)KB, committed=(\\d+)KB");
    /** The heap's line of {@code VM.native_memory summary}: {@code -  Java Heap (reserved=1048576KB, committed=262144KB)}. */
    private static final Pattern NMT_HEAP = Pattern.compile("-\\s+Java Heap \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final long JCMD_TIMEOUT_SECONDS = 120;

    /** Resident set now and its peak (the kernel's high-water mark), bytes. */
    public record Rss(long bytes, long peakBytes) {
    }

    /**
     * The heap after a full GC: used and committed, bytes, and the address range reserved for it
     * ({@code [heapStart, heapEnd)}; 0, 0 when {@code GC.heap_info} does not print it).
     */
    public record Heap(long usedBytes, long committedBytes, long heapStart, long heapEnd) {
    }

    private ProcessMemory() {
    }

    /** {@code VmRSS} and {@code VmHWM} of {@code /proc/<pid>/status}. */
    public static Rss rss(long pid) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            return new Rss(kib(lines, "VmRSS:", pid) * KIB, kib(lines, "VmHWM:", pid) * KIB);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of pid " + pid, e);
        }
    }

    private static long kib(List<String> status, String field, long pid) {
        for (String line : status) {
            if (line.startsWith(field)) {
                // "VmRSS:	  123456 kB"
                return Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid + "/status");
    }

    /** Forces a full collection in the G1 JVM {@code pid} ({@code GC.run}), then reads its heap. */
    public static Heap heapAfterFullGc(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        return parseHeapInfo(info, pid);
    }

    static Heap parseHeapInfo(String info, long pid) {
        Matcher m = G1_HEAP.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the G1 heap of pid " + pid + " from jcmd GC.heap_info:\n"
                    + info);
        }
        long start = m.group(3) == null ? 0 : Long.parseUnsignedLong(m.group(3), 16);
        long end = m.group(4) == null ? 0 : Long.parseUnsignedLong(m.group(4), 16);
        return new Heap(Long.parseLong(m.group(2)) * KIB, Long.parseLong(m.group(1)) * KIB, start, end);
    }

    /**
     * The part of the resident set that lies in the Java heap's address range: the heap pages the JVM
     * has touched. G1 spreads young collections over all its committed regions, so this grows over
     * time toward the committed heap even while the heap after GC stays flat; it is bounded by
     * {@code -Xmx}. RSS minus this is what the process holds outside the heap (RocksDB, metaspace,
     * code, thread stacks, malloc).
     */
    public static long heapResidentBytes(long pid, Heap heap) {
        if (heap.heapEnd() <= heap.heapStart()) {
            throw new IllegalStateException("the heap's address range of pid " + pid + " is unknown");
        }
        try {
            return residentBytesIn(Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps")),
                    heap.heapStart(), heap.heapEnd());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mappings of pid " + pid, e);
        }
    }

    /** The {@code Rss:} of the {@code smaps} mappings inside {@code [start, end)}, bytes. */
    static long residentBytesIn(List<String> smaps, long start, long end) {
        double total = 0;
        double share = 0;
        for (String line : smaps) {
            Matcher m = SMAPS_RANGE.matcher(line);
            if (m.find()) {
                long from = Long.parseUnsignedLong(m.group(1), 16);
                long to = Long.parseUnsignedLong(m.group(2), 16);
                // The kernel splits the heap's reservation where its protection changes (committed or not);
                // a neighbour merged into its last mapping would straddle the end, and counts by its share.
                long overlap = Math.min(to, end) - Math.max(from, start);
                share = overlap <= 0 ? 0 : (double) overlap / (to - from);
            } else if (share > 0 && line.startsWith("Rss:")) {
                total += share * Long.parseLong(line.substring("Rss:".length()).replace("kB", "").strip()) * KIB;
            }
        }
        return Math.round(total);
    }

    /**
     * Memory the JVM {@code pid} has committed for itself (heap, metaspace, code cache, thread stacks,
     * GC structures, its own mallocs), by its Native Memory Tracking; the process must run with
     * {@code -XX:NativeMemoryTracking=summary}. What RSS holds beyond this is native code that the JVM
     * does not track, such as RocksDB.
     */
    static long jvmCommittedBytes(long pid) {
        String summary = jcmd(pid, "VM.native_memory", "summary");
        Matcher m = NMT_TOTAL.matcher(summary);
        if (!m.find()) {
            throw new IllegalStateException("cannot read the native memory summary of pid " + pid + ":\n" + summary);
        }
        return Long.parseLong(m.group(2)) * KIB;
    }

    /**
     * Memory the JVM {@code pid} has committed outside its heap (metaspace, code cache, thread stacks,
     * GC structures, direct buffers, its own mallocs), by its Native Memory Tracking; the process must run
     * with {@code -XX:NativeMemoryTracking=summary}. RSS beyond the heap pages, RocksDB's block cache
     * and this is memory nobody accounts for: RocksDB's allocations outside its cache, and the C
     * allocator's fragmentation.
     */
    public static long jvmNonHeapCommittedBytes(long pid) {
        return parseNonHeapCommitted(jcmd(pid, "VM.native_memory", "summary"), pid);
    }

    static long parseNonHeapCommitted(String summary, long pid) {
        Matcher total = NMT_TOTAL.matcher(summary);
        Matcher heap = NMT_HEAP.matcher(summary);
        if (!total.find() || !heap.find()) {
            throw new IllegalStateException("cannot read the native memory summary of pid " + pid + ":\n" + summary);
        }
        return (Long.parseLong(total.group(2)) - Long.parseLong(heap.group(2))) * KIB;
    }

    private static String jcmd(long pid, String... command) {
        String what = "jcmd " + pid + " " + String.join(" ", command);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Path out = null;
        try {
            // To a file rather than a pipe, so that a jcmd that hangs (attach refused) cannot block the read.
            out = Files.createTempFile("vigil-bench-jcmd-", ".txt");
            List<String> line = new ArrayList<>(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                    Long.toString(pid)));
            line.addAll(List.of(command));
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            Process p = builder.start();
            if (!p.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within " + JCMD_TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // A leftover temporary file of a few hundred bytes: not worth failing the phase for.
                }
            }
        }
    }
}
