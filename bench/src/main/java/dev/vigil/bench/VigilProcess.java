package dev.vigil.bench;

import dev.vigil.testkit.TestJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil as a child JVM, {@code vigil run --config FILE} ({@code dev.vigil.app.Main}) on this JVM's
 * class path, so that its heap and RSS are Vigil's alone. It runs with G1 (so the heap figures of
 * {@link ProcessMemory} are read one way) and native memory tracking, and exits on the first
 * {@link OutOfMemoryError} rather than limping on. Its output goes to a log file. {@link #close()}
 * stops it (SIGTERM, then SIGKILL); a shutdown hook kills it if this JVM ends first, so it is never
 * left behind.
 */
public final class VigilProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VigilProcess.class);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;

    private VigilProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(process::destroyForcibly, "bench-vigil-child-kill");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code java <memoryFlags> ... dev.vigil.app.Main run --config <config>}. */
    public static VigilProcess start(Path config, List<String> memoryFlags, Path logFile) {
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.isBlank()) {
            throw new IllegalStateException("java.class.path is empty: cannot start Vigil as a child JVM");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(memoryFlags);
        command.add("-XX:+UseG1GC");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // So that ProcessMemory can tell the JVM's own memory from RocksDB's (summary: a few % of overhead).
        command.add("-XX:NativeMemoryTracking=summary");
        command.addAll(TestJvm.args());
        command.add("-cp");
        command.add(classPath);
        command.add("dev.vigil.app.Main");
        command.add("run");
        command.add("--config");
        command.add(config.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // The file is the whole configuration: no VIGIL_* override of this shell, no agent meant for this JVM.
        builder.environment().keySet().removeIf(k -> k.startsWith("VIGIL_"));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        // As the image and ./vigil run it (docker/Dockerfile says why); a value in this shell wins, for comparisons.
        builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        try {
            return new VigilProcess(builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Vigil as a child JVM: " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash: no shutdown code of Vigil runs. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        if (!waitFor(KILL_TIMEOUT)) {
            throw new IllegalStateException("Vigil child pid " + process.pid() + " survived SIGKILL");
        }
    }

    /**
     * A loopback port free now. The child binds it a moment later (as its configured port: with 0 the
     * driver could not know which one it took); another process taking it meanwhile is unlikely.
     */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for a Vigil child", e);
        }
    }

    /** The exit code; only once the process has ended. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The last lines of the child's output, for an error message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    /**
     * SIGTERM (Vigil closes Kafka Streams cleanly), waits up to {@code timeout}, then SIGKILL.
     *
     * @return the exit code
     */
    public int stop(Duration timeout) {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(timeout)) {
                LOG.warn("Vigil child pid {} still alive {} after SIGTERM: killing it", process.pid(), timeout);
                process.destroyForcibly();
                if (!waitFor(KILL_TIMEOUT)) {
                    throw new IllegalStateException("Vigil child pid " + process.pid() + " survived SIGKILL");
                }
            }
        }
        return process.exitValue();
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the child if it still runs, however the phase ended. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stop(Duration.ofSeconds(60));
            }
        } finally {
            process.toHandle().destroyForcibly();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // This JVM is shutting down: the hook runs anyway.
            }
        }
    }
}
