package dev.vigil.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A short summary of a JFR recording made with {@code --jfr}: where the CPU samples fall (top
 * frames, by method and by package family, and by thread), which code paths hold the most samples
 * anywhere on the stack, what is allocated most, and GC pauses.
 *
 * <pre>java -cp bench/target/vigil-bench.jar dev.vigil.bench.JfrTop recording.jfr [top]</pre>
 */
public final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTop <recording.jfr> [top]");
            System.exit(2);
        }
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Map<String, Long> selfMethods = new HashMap<>();
        Map<String, Long> selfFamilies = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        Map<String, Long> stages = new HashMap<>();
        long streamThreadSamples = 0;
        long samples = 0;
        long gcCount = 0;
        Duration gcPause = Duration.ZERO;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            String type = e.getEventType().getName();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    RecordedStackTrace stack = e.getStackTrace();
                    if (stack == null || stack.getFrames().isEmpty()) {
                        continue;
                    }
                    samples++;
                    List<RecordedFrame> frames = stack.getFrames();
                    String self = method(frames.get(0));
                    selfMethods.merge(self, 1L, Long::sum);
                    selfFamilies.merge(family(frames.get(0)), 1L, Long::sum);
                    String thread = e.getThread("sampledThread") == null ? "?"
                            : e.getThread("sampledThread").getJavaName();
                    threads.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N")
                            .replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<uuid>"), 1L, Long::sum);
                    if (thread != null && thread.contains("StreamThread") && !thread.contains("producer")) {
                        streamThreadSamples++;
                        stages.merge(stage(frames), 1L, Long::sum);
                    }
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    for (RecordedFrame f : frames) {
                        String m = method(f);
                        if (m.startsWith("dev.vigil.") || m.startsWith("org.rocksdb.")
                                || m.startsWith("org.apache.kafka.streams.state.internals.")
                                || m.contains("Serde") || m.contains("Codec")) {
                            if (seen.add(m)) {
                                inclusive.merge(m, 1L, Long::sum);
                            }
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" -> allocations.merge(
                        e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName(),
                        e.getLong("weight"), Long::sum);
                case "jdk.GarbageCollection" -> {
                    gcCount++;
                    gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
                }
                default -> {
                }
            }
        }
        System.out.printf(Locale.ROOT, "%,d CPU samples (jdk.ExecutionSample)%n", samples);
        print("Threads (samples)", threads, samples, top);
        print("Stream thread samples by topology stage (the innermost Vigil processor on the stack, else what "
                + "Kafka Streams was doing)", stages, streamThreadSamples, top);
        print("Top frames by package family (self)", selfFamilies, samples, top);
        print("Top frames by method (self)", selfMethods, samples, top);
        print("Vigil, RocksDB, store and serde methods anywhere on the stack (inclusive)", inclusive, samples, top);
        long allocated = allocations.values().stream().mapToLong(Long::longValue).sum();
        print("Allocation (sampled weight) by class", allocations, allocated, top);
        System.out.printf(Locale.ROOT, "%nGC: %d collections, %.0f ms of pauses in total%n", gcCount,
                gcPause.toNanos() / 1e6);
    }

    /**
     * What a stream-thread sample was spent on: the innermost Vigil processor on the stack (its own work,
     * the stores it writes, the records it forwards to a sink), else the Kafka Streams phase.
     */
    private static String stage(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("dev.vigil.topology.") && type.endsWith("Processor")
                    && f.getMethod().getName().equals("process")) {
                return type.substring(type.lastIndexOf('.') + 1) + ".process (incl. its store writes and sends)";
            }
        }
        // Else: what the stream thread's loop called (its child of runOnce...).
        for (int i = frames.size() - 1; i > 0; i--) {
            RecordedFrame f = frames.get(i);
            if (f.getMethod().getName().startsWith("runOnce")) {
                RecordedFrame child = frames.get(i - 1);
                String type = child.getMethod().getType().getName();
                return "Kafka Streams " + type.substring(type.lastIndexOf('.') + 1) + "."
                        + child.getMethod().getName() + " (no Vigil processor on the stack)";
            }
        }
        return "stack too deep to attribute (JFR keeps 64 frames)";
    }

    private static String method(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** A coarse owner of a frame: Vigil, RocksDB (JNI), Kafka Streams, Kafka clients, Jackson, the JDK... */
    private static String family(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        String[][] families = {
            {"dev.vigil.", "Vigil"},
            {"org.rocksdb.", "RocksDB (JNI)"},
            {"org.apache.kafka.streams.", "Kafka Streams"},
            {"org.apache.kafka.common.compress.", "Kafka compression"},
            {"org.apache.kafka.common.record.", "Kafka record batches"},
            {"org.apache.kafka.clients.", "Kafka clients"},
            {"org.apache.kafka.", "Kafka other"},
            {"com.fasterxml.jackson.", "Jackson"},
            {"io.cloudevents.", "CloudEvents SDK"},
            {"io.prometheus.", "Prometheus client"},
            {"io.micrometer.", "Micrometer"},
            {"java.util.zip.", "JDK zip/CRC"},
            {"sun.nio.", "JDK NIO"},
            {"java.nio.", "JDK NIO"},
            {"java.util.concurrent.", "JDK concurrent"},
            {"java.util.regex.", "JDK regex"},
            {"java.util.", "JDK collections"},
            {"java.lang.", "JDK lang"},
            {"jdk.internal.", "JDK internal"},
        };
        for (String[] fam : families) {
            if (type.startsWith(fam[0])) {
                return fam[1];
            }
        }
        return "other (" + type.replaceAll("\\.[^.]+$", "") + ")";
    }

    private static void print(String title, Map<String, Long> counts, long total, int top) {
        System.out.printf(Locale.ROOT, "%n%s%n", title);
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * v / Math.max(1, total), k));
    }
}
