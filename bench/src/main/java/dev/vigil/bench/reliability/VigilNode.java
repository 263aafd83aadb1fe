package dev.vigil.bench.reliability;

import dev.vigil.bench.VigilProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One Vigil instance as a real process ({@code vigil run --config}) that a run can SIGKILL and
 * start again on the same configuration, port and state directory, as a supervisor (Kubernetes)
 * would. Every start appends to the same log file, so a run can search the whole life of the
 * instance (for stack traces, say).
 */
final class VigilNode implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final long POLL_NANOS = 20_000_000;

    private final String name;
    private final Path config;
    private final Path log;
    private final int port;
    private final List<String> jvmFlags;
    private VigilProcess process;
    private long startedNanos;
    private int starts;

    /**
     * @param yaml the whole configuration; {@link #port()} is the HTTP port it must use
     *             ({@code observability.metrics.prometheus_port}), see {@link VigilYaml}
     */
    VigilNode(Path dir, String name, int port, String yaml, List<String> jvmFlags) {
        this.name = name;
        this.port = port;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.config = dir.resolve(name + ".yaml");
        this.log = dir.resolve(name + ".log");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    /** How many times the instance was started. */
    int starts() {
        return starts;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Starts the process; it must not be running. */
    void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        startedNanos = System.nanoTime();
        process = VigilProcess.start(config, jvmFlags, log);
        starts++;
    }

    /** SIGKILL: no shutdown code runs, nothing is committed or flushed. */
    void kill() {
        process.kill();
    }

    /** SIGTERM, a clean shutdown; SIGKILL after the timeout. Returns the exit code. */
    int stop(Duration timeout) {
        return process.stop(timeout);
    }

    /** The exit code of a process that ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** The status of {@code GET /readyz}, or -1 when nothing answers. */
    int readyz() {
        HttpResponse<String> r = get("/readyz");
        return r == null ? -1 : r.statusCode();
    }

    /** The body of {@code GET /metrics}, or null when it does not answer 200. */
    String metrics() {
        HttpResponse<String> r = get("/metrics");
        return r == null || r.statusCode() != 200 ? null : r.body();
    }

    /**
     * Waits until {@code /readyz} answers 200 and returns the time since the last {@link #start()}.
     *
     * @throws IllegalStateException if the process ends or the timeout passes first
     */
    Duration awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") before it was ready:\n"
                        + process.logTail(30));
            }
            if (readyz() == 200) {
                return Duration.ofNanos(System.nanoTime() - startedNanos);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + process.logTail(30));
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Time since the last start. */
    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * The last ERROR line of the log (at most 300 characters), Vigil's own when it logged one (its
     * line names the causes; Kafka Streams' last one only says that it shuts down): what an
     * operator reads to learn why it exited.
     */
    String lastErrorLine() {
        String last = null;
        String vigils = null;
        for (String line : logTail(200).split("\n")) {
            if (line.contains(" ERROR ")) {
                last = line.length() > 300 ? line.substring(0, 300) : line;
                if (line.contains(" d.v.")) {
                    vigils = last;
                }
            }
        }
        return vigils != null ? vigils : last != null ? last : "(no ERROR line)";
    }

    /** The last lines of the log, for a message. */
    String logTail(int lines) {
        return process == null ? "" : process.logTail(lines);
    }

    private HttpResponse<String> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
