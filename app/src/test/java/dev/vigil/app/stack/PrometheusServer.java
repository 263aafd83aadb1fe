package dev.vigil.app.stack;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.testkit.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Prometheus (the Debian package's binary; .ci/run installs it; {@link RequiredTool} skips or fails
 * the calling test when it is missing) as a child process, running
 * docker/prometheus/prometheus.yml with its rule files, only retargeted: the vigil job scrapes the
 * given address, and scrape and rule evaluation run every second so that a test sees data soon.
 * Listens on a free loopback port; keeps its TSDB and log in the given directory.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final PrometheusApi api;

    private PrometheusServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.api = new PrometheusApi("http://127.0.0.1:" + port);
    }

    /** Starts Prometheus scraping Vigil at {@code vigilAddress} (host:port) and waits until it is ready. */
    public static PrometheusServer start(String vigilAddress, Path dir) throws IOException {
        return start(configFor(vigilAddress, null), vigilAddress, dir);
    }

    /**
     * Starts Prometheus with the job of docker/prometheus/vigil-secured.job.yml in place of the
     * vigil job: https trusting {@code caFile}, basic auth with {@code passwordFile}'s password.
     */
    public static PrometheusServer startSecured(String vigilAddress, Path dir, Path caFile, Path passwordFile)
            throws IOException {
        ObjectNode job = (ObjectNode) StackFiles.yaml(StackFiles.PROMETHEUS_SECURED_JOB).get(0);
        ((ObjectNode) job.path("tls_config")).put("ca_file", caFile.toAbsolutePath().toString());
        ((ObjectNode) job.path("basic_auth")).put("password_file", passwordFile.toAbsolutePath().toString());
        return start(configFor(vigilAddress, job), vigilAddress, dir);
    }

    private static PrometheusServer start(String configText, String vigilAddress, Path dir) throws IOException {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, configText);
        Path log = dir.resolve("prometheus.log");
        int port = freePort();
        List<String> command = List.of(RequiredTool.PROMETHEUS.path().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(process, log, port);
        try {
            await("Prometheus ready").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("prometheus exited: " + server.logText());
                        }
                        return server.api.ready();
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("Prometheus on 127.0.0.1:{} scraping {}", port, vigilAddress);
        return server;
    }

    /** docker/prometheus/prometheus.yml with the rule files made absolute and the vigil target replaced. */
    static String configFor(String vigilAddress) {
        return configFor(vigilAddress, null);
    }

    /** As {@link #configFor(String)}, with {@code vigilJob} (when not null) in place of the vigil job. */
    static String configFor(String vigilAddress, ObjectNode vigilJob) {
        ObjectNode config = (ObjectNode) StackFiles.yaml(StackFiles.PROMETHEUS_CONFIG);
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", "1s");
        global.put("evaluation_interval", "1s");
        // No Alertmanager here: the rules are evaluated, their alerts sent nowhere.
        config.remove("alerting");
        ArrayNode rules = config.putArray("rule_files");
        StackFiles.ruleFiles().forEach(f -> rules.add(f.toAbsolutePath().normalize().toString()));
        boolean retargeted = false;
        ArrayNode jobs = (ArrayNode) config.path("scrape_configs");
        for (int i = 0; i < jobs.size(); i++) {
            if (vigilJob != null && jobs.get(i).path("job_name").asText().equals("vigil")) {
                jobs.set(i, vigilJob);
            }
        }
        for (JsonNode job : jobs) {
            if (job.path("job_name").asText().equals("vigil")) {
                ArrayNode targets = ((ObjectNode) job.path("static_configs").get(0)).putArray("targets");
                targets.add(vigilAddress);
                retargeted = true;
            }
        }
        if (!retargeted) {
            throw new IllegalStateException("prometheus.yml has no vigil job");
        }
        try {
            return new YAMLMapper().writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PrometheusApi api() {
        return api;
    }

    /** Prometheus' own log, for failure messages. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
