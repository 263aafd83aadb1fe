package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.simulator.TruthSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Flink peer ({@code bench/flink}, {@code vigil-flink-peer.jar}) as a child JVM on a preloaded topic and
 * checks its result against the simulator's truth.
 *
 * <p>The peer is started with {@code java -Xmx<heap> -XX:+UseG1GC <the add-opens Flink needs on Java 17> -jar
 * vigil-flink-peer.jar ...}; its own class path, nothing shared with Vigil's. Its output is copied line by line to a
 * log file until the line {@code FLINK-PEER-DONE <summary>}, which it prints once its job has finished (the bounded
 * source at the end offsets present at its start, the last checkpoint and its Kafka transactions committed); the
 * child then waits for its standard input to close, so that its CPU time (user + system, from {@code /proc}) can be
 * read while it still exists. Wall time is from the start of the JVM to that line.
 *
 * <p>The check: the output topic is read with {@code isolation.level=read_committed} from the beginning to its end,
 * the last value of each series is taken, histograms are expanded to their {@code _bucket}, {@code _count} and
 * {@code _sum} samples, and the whole is compared with the truth's samples of {@link #FAMILIES} by
 * {@link PrometheusSamples#differences} (exact for counts; relative 1e-9 for float sums), as the Vigil drains are.
 */
final class FlinkPeerRun {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkPeerRun.class);

    /** The metric families the peer computes. */
    static final List<String> FAMILIES = List.of("task_total", "step_duration_seconds", "agent_call_total",
            "model_tokens_total", "model_cost_usd_total", "vigil_unpriced_calls_total");
    static final String HISTOGRAM = "step_duration_seconds";
    static final String JAR_NAME = "vigil-flink-peer.jar";

    /** What Flink's own launcher passes on Java 17 (its config.yaml, env.java.opts.all). */
    static final List<String> JAVA17_FLAGS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** How the peer runs. */
    record Settings(Path jar, int parallelism, long checkpointIntervalMs, int heapMb, Duration timeout) {
    }

    /** What one run measured. {@code differences} is empty when the peer matched the truth. */
    record Result(double wallSeconds, double cpuSeconds, double jobSeconds, long records, long accepted,
                  long duplicates, long invalid, long outsideSubset, int series, List<String> differences,
                  Path log) {
        double cpuMicrosPerEvent(long events) {
            return cpuSeconds / events * 1e6;
        }

        double eventsPerCpuSecond(long events) {
            return events / cpuSeconds;
        }
    }

    private FlinkPeerRun() {
    }

    /**
     * The peer's jar: {@code vigil.flink.jar} when set, else {@code bench/flink/target/vigil-flink-peer.jar} next to
     * where this class was loaded from ({@code bench/target/classes} or {@code bench/target/vigil-bench.jar}).
     */
    static Path defaultJar() {
        String explicit = System.getProperty("vigil.flink.jar");
        if (explicit != null) {
            return Path.of(explicit);
        }
        try {
            Path here = Path.of(FlinkPeerRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path benchDir = (Files.isDirectory(here) ? here.getParent() : here.getParent()).getParent();
            return benchDir.resolve("flink").resolve("target").resolve(JAR_NAME);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("bench", "flink", "target", JAR_NAME);
        }
    }

    /**
     * Runs the peer on {@code input} (preloaded with {@code events} records), writing to a new topic
     * {@code output}, and compares its result with {@code truth} (the simulator's samples; may hold more families).
     */
    static Result run(String bootstrap, String input, String output, long events, Map<String, Double> truth,
                      Settings settings, Path work) throws IOException {
        if (!Files.isRegularFile(settings.jar())) {
            throw new IllegalStateException("the Flink peer's jar " + settings.jar() + " is missing: build it with "
                    + "./mvnw -B -pl bench -am package -DskipTests");
        }
        Path dir = Files.createDirectories(work.resolve("flink-" + output));
        Path log = dir.resolve("flink-peer.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + settings.heapMb() + "m");
        command.add("-Xmx" + settings.heapMb() + "m");
        command.add("-XX:+UseG1GC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(JAVA17_FLAGS);
        command.addAll(List.of("-jar", settings.jar().toString(),
                "--bootstrap", bootstrap, "--input", input, "--output", output,
                "--parallelism", Integer.toString(settings.parallelism()),
                "--work-dir", dir.resolve("work").toString(),
                "--checkpoint-interval-ms", Long.toString(settings.checkpointIntervalMs()),
                "--transactional-id-prefix", output,
                "--model-prices", prices(),
                "--duration-buckets", String.join(",", TruthSettings.DEFAULT_DURATION_BUCKETS.stream()
                        .map(String::valueOf).toList()),
                "--summary", dir.resolve("summary.json").toString(),
                "--hold-until-stdin-closes", "true"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        LOG.info("Flink peer: {}", String.join(" ", command));
        long t0 = System.nanoTime();
        Process process = builder.start();
        Thread kill = new Thread(process::destroyForcibly, "bench-flink-peer-kill");
        Runtime.getRuntime().addShutdownHook(kill);
        try {
            JsonNode summary = awaitDone(process, log, settings.timeout());
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = process.toHandle().info().totalCpuDuration().map(Duration::toNanos)
                    .orElseThrow(() -> new IllegalStateException("no CPU time for the Flink peer (pid "
                            + process.pid() + ")")) / 1e9;
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Flink peer did not exit after its job finished; log: " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the Flink peer exited with " + process.exitValue() + "; log: " + log);
            }
            Map<String, Double> actual = samples(lastValues(bootstrap, output));
            Map<String, Double> expected = PrometheusSamples.select(truth, FAMILIES);
            List<String> differences = PrometheusSamples.differences(expected, actual);
            return new Result(wall, cpu, summary.path("job_seconds").asDouble(), summary.path("records").asLong(),
                    summary.path("accepted").asLong(), summary.path("duplicates").asLong(),
                    summary.path("invalid").asLong(), summary.path("outside_subset").asLong(), actual.size(),
                    differences, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Flink peer ran", e);
        } finally {
            process.destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(kill);
            } catch (IllegalStateException e) {
                // shutting down: the hook runs anyway
            }
        }
    }

    /** Copies the child's output to the log until its {@code FLINK-PEER-DONE} line, and returns that summary. */
    private static JsonNode awaitDone(Process process, Path log, Duration timeout) throws IOException {
        JsonNode[] done = new JsonNode[1];
        IOException[] failure = new IOException[1];
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                    if (line.startsWith("FLINK-PEER-DONE ")) {
                        out.flush();
                        synchronized (done) {
                            done[0] = JsonMapper.builder().build().readTree(line.substring("FLINK-PEER-DONE ".length()));
                            done.notifyAll();
                        }
                    }
                }
            } catch (IOException e) {
                failure[0] = e;
            } finally {
                synchronized (done) {
                    done.notifyAll();
                }
            }
        }, "bench-flink-peer-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (done) {
            while (done[0] == null && process.isAlive() && System.nanoTime() < deadline) {
                try {
                    done.wait(Math.max(1, Math.min(1_000, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Flink peer", e);
                }
            }
            if (done[0] != null) {
                return done[0];
            }
        }
        if (failure[0] != null) {
            throw new UncheckedIOException("cannot read the Flink peer's output", failure[0]);
        }
        throw new IllegalStateException((process.isAlive() ? "the Flink peer did not finish within " + timeout
                : "the Flink peer ended without finishing its job") + "; log: " + log + "\n" + tail(log, 40));
    }

    /** The last value of every key of a topic, reading only committed records, from the beginning to the end. */
    static Map<String, String> lastValues(String bootstrap, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, String> last = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed, the end offsets are the last stable offsets: the peer has exited, so every
            // transaction it began is committed or aborted by now.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot read " + topic + " to its end offsets " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    last.put(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return last;
    }

    /**
     * The peer's series as samples keyed like the truth's ({@link PrometheusSamples#key}): counters as they are,
     * the histogram {@code <count> <sum> <cumulative count per bound>} as {@code _bucket} (with {@code +Inf}),
     * {@code _count} and {@code _sum}.
     */
    static Map<String, Double> samples(Map<String, String> series) {
        List<Double> bounds = TruthSettings.DEFAULT_DURATION_BUCKETS;
        Map<String, Double> out = new TreeMap<>();
        series.forEach((key, value) -> {
            String name = PrometheusSamples.name(key);
            Map<String, String> labels = PrometheusSamples.labels(key);
            if (!name.equals(HISTOGRAM)) {
                out.put(PrometheusSamples.key(name, labels), Double.parseDouble(value));
                return;
            }
            String[] f = value.split(" ");
            if (f.length != 2 + bounds.size()) {
                throw new IllegalStateException("a histogram value with " + f.length + " fields, not "
                        + (2 + bounds.size()) + ": " + key + " = " + value);
            }
            double count = Double.parseDouble(f[0]);
            for (int i = 0; i <= bounds.size(); i++) {
                Map<String, String> l = new TreeMap<>(labels);
                l.put("le", PrometheusSamples.le(i < bounds.size() ? bounds.get(i) : Double.POSITIVE_INFINITY));
                out.put(PrometheusSamples.key(name + "_bucket", l), i < bounds.size() ? Double.parseDouble(f[2 + i])
                        : count);
            }
            out.put(PrometheusSamples.key(name + "_count", labels), count);
            out.put(PrometheusSamples.key(name + "_sum", labels), Double.parseDouble(f[1]));
        });
        return out;
    }

    private static String prices() {
        return String.join(",", TruthSettings.DEFAULT_MODEL_PRICES.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().inputPerMtok() + ":" + e.getValue().outputPerMtok() + ":"
                        + e.getValue().cachedInputPerMtok())
                .toList());
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }
}
