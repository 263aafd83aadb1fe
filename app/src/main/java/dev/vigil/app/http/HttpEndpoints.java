package dev.vigil.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of docs/http-api.md on one port: {@code /metrics} (Prometheus text 0.0.4 or
 * OpenMetrics by the {@code Accept} header), {@code /healthz} (the process is alive) and
 * {@code /readyz} (Kafka Streams is RUNNING, so its state is restored).
 *
 * <p>Built on the JDK's HTTP server: a scrape endpoint needs no framework.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

    /** Why a readiness probe fails, or null when ready. */
    public interface Readiness extends Supplier<String> {
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @param port      0 picks a free port (see {@link #port()})
     * @param registry  what {@code /metrics} renders
     * @param readiness null when ready, else the reason (e.g. "Kafka Streams is REBALANCING")
     */
    public static HttpEndpoints start(String host, int port, PrometheusRegistry registry, Readiness readiness)
            throws IOException {
        return start(host, port, registry, readiness, Map.of());
    }

    /**
     * @param routes further GET handlers by path prefix (e.g. {@code /api/v1/aggregates/})
     */
    public static HttpEndpoints start(String host, int port, PrometheusRegistry registry, Readiness readiness,
                                      Map<String, HttpHandler> routes) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        routes.forEach((prefix, handler) -> server.createContext(prefix, getOnly(handler)));
        ExpositionFormats formats = ExpositionFormats.init();
        server.createContext("/metrics", getOnly(exchange -> {
            ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
            if (!writer.isAvailable()) {
                writer = formats.getPrometheusTextFormatWriter();
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            writer.write(body, registry.scrape());
            respond(exchange, 200, writer.getContentType(), body.toByteArray());
        }));
        server.createContext("/healthz", getOnly(exchange -> respondText(exchange, 200, "ok\n")));
        server.createContext("/readyz", getOnly(exchange -> {
            String notReady = readiness.get();
            if (notReady == null) {
                respondText(exchange, 200, "ready\n");
            } else {
                exchange.getResponseHeaders().set("Retry-After", "5");
                respondText(exchange, 503, notReady + "\n");
            }
        }));
        server.createContext("/", getOnly(exchange -> respondText(exchange, 404,
                "not found; try /metrics, /healthz, /readyz\n")));
        // Two threads: a scrape and a probe can run at once; more would only compete with the
        // stream threads for the cores.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "vigil-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new HttpEndpoints(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static HttpHandler getOnly(HttpHandler handler) {
        return exchange -> {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!"GET".equals(method) && !"HEAD".equals(method)) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    respondText(exchange, 405, "method not allowed\n");
                    return;
                }
                handler.handle(exchange);
            } catch (RuntimeException | IOException e) {
                LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            }
        };
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static void respondJson(HttpExchange exchange, int status, Object body) throws IOException {
        respond(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    /** 503 with {@code Retry-After}: the answer exists but not right now (rebalancing, an owner away). */
    static void respondUnavailable(HttpExchange exchange, String why) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        respondJson(exchange, 503, Map.of("error", why));
    }

    static void respondText(HttpExchange exchange, int status, String text) throws IOException {
        respond(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
