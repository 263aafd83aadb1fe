package dev.vigil.app.alertmanager;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.testkit.RequiredTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real Alertmanager (the Debian {@code prometheus-alertmanager} binary) on a free loopback port, without
 * gossip, with a fresh storage directory at each start, routing every alert (each its own group) at once to a
 * webhook receiver in this process. It can be killed and started again on the same port; {@link #alerts()}
 * reads what it holds through {@code GET /api/v2/alerts}.
 */
public final class AlertmanagerServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final int port;
    private final HttpServer webhook;
    private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
    private Process process;
    private int starts;

    private AlertmanagerServer(Path dir) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        webhook.createContext("/hook", this::receive);
        webhook.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook");
            t.setDaemon(true);
            return t;
        }));
        webhook.start();
        Files.writeString(dir.resolve("alertmanager.yml"), """
                route:
                  receiver: webhook
                  group_by: ['...']
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 24h
                receivers:
                  - name: webhook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                        send_resolved: true
                """.formatted(webhook.getAddress().getPort()));
    }

    /** Starts one in {@code dir} (its config, storage and log) and waits until it is ready. */
    public static AlertmanagerServer start(Path dir) {
        try {
            AlertmanagerServer server = new AlertmanagerServer(dir);
            server.startProcess();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts the process again, with an empty storage: it has forgotten every alert and silence. */
    public void startProcess() {
        try {
            Path storage = Files.createDirectories(dir.resolve("storage-" + ++starts));
            process = new ProcessBuilder(RequiredTool.ALERTMANAGER.path().toString(),
                    "--config.file=" + dir.resolve("alertmanager.yml"),
                    "--storage.path=" + storage,
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=",
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("alertmanager.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("Alertmanager ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> status("/-/ready") == 200);
    }

    /** Kills it (SIGKILL) and waits for the process to end. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The alerts it holds now, active or suppressed (resolved ones are not listed). */
    public List<JsonNode> alerts() {
        List<JsonNode> out = new ArrayList<>();
        get("/api/v2/alerts").forEach(out::add);
        return out;
    }

    /** Creates a silence for these label values, for an hour; returns its id. */
    public String silence(Map<String, String> labels) {
        List<Map<String, Object>> matchers = labels.entrySet().stream().map(e -> Map.<String, Object>of(
                "name", e.getKey(), "value", e.getValue(), "isRegex", false, "isEqual", true)).toList();
        Instant now = Instant.now();
        Map<String, Object> silence = Map.of("matchers", matchers, "startsAt", now.toString(),
                "endsAt", now.plus(Duration.ofHours(1)).toString(), "createdBy", "test", "comment", "test");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/silences"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(silence))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("silence refused: " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body()).get("silenceID").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every webhook notification received so far (Alertmanager's webhook payload). */
    public List<JsonNode> notifications() {
        return List.copyOf(notifications);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            notifications.add(JSON.readTree(in.readAllBytes()));
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
        webhook.stop(0);
    }
}
