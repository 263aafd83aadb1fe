package dev.vigil.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.app.http.security.HttpSecurity;
import dev.vigil.app.metrics.AggregatesExposition;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of docs/http-api.md on one port: {@code /metrics} (Prometheus text 0.0.4 or
 * OpenMetrics by the {@code Accept} header), {@code /healthz} (the process is alive) and
 * {@code /readyz} (Kafka Streams is RUNNING, so its state is restored), the status page at {@code /}
 * ({@link StatusPage}) and the APIs attached once Kafka Streams exists.
 *
 * <p>Built on the JDK's HTTP server: a scrape endpoint needs no framework.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);

    /** Why a readiness probe fails, or null when ready. */
    public interface Readiness extends Supplier<String> {
    }

    /** Readiness until {@link #attach}: what it would report on does not exist yet. */
    private static final Readiness STARTING = () -> "starting";

    /** What /readyz reports on and the API handlers by path: the starting ones until {@link #attach}. */
    private record Served(Readiness readiness, Map<String, HttpHandler> apis) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private volatile Served served;
    /** The aggregates' families, written by {@link AggregatesExposition} rather than the registry; null until set. */
    private volatile AggregatesWriter aggregates;

    private HttpEndpoints(HttpServer server, ExecutorService executor, Served served) {
        this.server = server;
        this.executor = executor;
        this.served = served;
    }

    /**
     * @param port      0 picks a free port (see {@link #port()})
     * @param registry  what {@code /metrics} renders
     * @param readiness null when ready, else the reason (e.g. "Kafka Streams is REBALANCING")
     */
    public static HttpEndpoints start(String host, int port, PrometheusRegistry registry, Readiness readiness)
            throws IOException {
        return start(host, port, registry, new Served(readiness, Map.of()), HttpSecurity.NONE);
    }

    /**
     * Starts before what readiness and the APIs report on exists: Kafka Streams takes this server's
     * port as its {@code application.server}, so it can only be built once the server listens.
     * Until {@link #attach}, {@code /readyz} answers "starting" and each of {@code apiPaths}
     * {@code 503} with {@code Retry-After: 1}: the answer exists, just not yet.
     *
     * @param port     0 picks a free port (see {@link #port()})
     * @param registry what {@code /metrics} renders
     * @param apiPaths further GET handlers' path prefixes (e.g. {@code /api/v1/aggregates/}), bound by
     *                 {@link #attach}
     */
    public static HttpEndpoints starting(String host, int port, PrometheusRegistry registry, Set<String> apiPaths)
            throws IOException {
        return starting(host, port, registry, apiPaths, HttpSecurity.NONE);
    }

    /**
     * As {@link #starting(String, int, PrometheusRegistry, Set)}, with TLS and credentials as
     * {@code security} says: https when it has a TLS context, and 401 with
     * {@code WWW-Authenticate: Basic realm="vigil"} on every path but the open ones for a request
     * without an accepted credential.
     */
    public static HttpEndpoints starting(String host, int port, PrometheusRegistry registry, Set<String> apiPaths,
                                         HttpSecurity security) throws IOException {
        Map<String, HttpHandler> notYet = new HashMap<>();
        apiPaths.forEach(path -> notYet.put(path, HttpEndpoints::respondStarting));
        return start(host, port, registry, new Served(STARTING, Map.copyOf(notYet)), security);
    }

    /**
     * Serves, from now on, this readiness and a handler for every API path given to
     * {@link #starting}. Once.
     */
    public synchronized void attach(Readiness readiness, Map<String, HttpHandler> apis) {
        if (served.readiness() != STARTING) {
            throw new IllegalStateException("the HTTP endpoints serve their APIs already");
        }
        if (!apis.keySet().equals(served.apis().keySet())) {
            throw new IllegalArgumentException("expected handlers for " + new TreeSet<>(served.apis().keySet())
                    + ", not " + new TreeSet<>(apis.keySet()));
        }
        served = new Served(readiness, Map.copyOf(apis));
    }

    /**
     * From now on {@code /metrics} writes the aggregates' families itself ({@link AggregatesExposition},
     * the same bytes as the registry's writers, several times cheaper at 10,000 series) for the two
     * text formats, and the registry scrape leaves them out; for any other format (protobuf) the
     * registry renders everything as before.
     */
    public void writeAggregatesDirectly(AggregatesWriter writer) {
        this.aggregates = writer;
    }

    /** Writes the aggregates' families in one of the two text formats ({@link AggregatesExposition}). */
    @FunctionalInterface
    public interface AggregatesWriter {
        void write(AggregatesExposition.Format format, OutputStream out) throws IOException;
    }

    private void writeMetrics(ExpositionFormatWriter writer, PrometheusRegistry registry, OutputStream out)
            throws IOException {
        AggregatesWriter direct = aggregates;
        AggregatesExposition.Format format = writer instanceof OpenMetricsTextFormatWriter
                ? AggregatesExposition.Format.OPENMETRICS
                : writer instanceof PrometheusTextFormatWriter ? AggregatesExposition.Format.TEXT : null;
        if (direct == null || format == null) {
            writer.write(out, registry.scrape());
            return;
        }
        // The aggregates first, then everything else; OpenMetrics' "# EOF" ends the registry's part.
        direct.write(format, out);
        writer.write(out, registry.scrape(name -> !AggregatesExposition.covers(name)));
    }

    private static HttpEndpoints start(String host, int port, PrometheusRegistry registry, Served initial,
                                       HttpSecurity security) throws IOException {
        HttpServer server = create(new InetSocketAddress(host, port), security);
        // Two threads: a scrape and a probe can run at once; more would only compete with the
        // stream threads for the cores.
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "vigil-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpEndpoints endpoints = new HttpEndpoints(server, executor, initial);
        // The API contexts exist from the start, so that until attach they answer 503 rather than
        // the catch-all's 404; each request asks for the handler served at that moment.
        Filter guard = new Guard(security);
        initial.apis().keySet().forEach(path -> server.createContext(path,
                getOnly(exchange -> endpoints.served.apis().get(path).handle(exchange))).getFilters().add(guard));
        ExpositionFormats formats = ExpositionFormats.init();
        server.createContext("/metrics", getOnly(exchange -> {
            ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
            if (!writer.isAvailable()) {
                writer = formats.getPrometheusTextFormatWriter();
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            // Compressed as the scraper asks (Prometheus does).
            exchange.getResponseHeaders().set("Vary", "Accept-Encoding");
            if (AcceptEncoding.allowsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"))) {
                try (GZIPOutputStream gzip = AcceptEncoding.fastGzip(body)) {
                    endpoints.writeMetrics(writer, registry, gzip);
                }
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            } else {
                endpoints.writeMetrics(writer, registry, body);
            }
            respond(exchange, 200, writer.getContentType(), body.toByteArray());
        })).getFilters().add(guard);
        server.createContext("/healthz", getOnly(exchange -> respondText(exchange, 200, "ok\n")))
                .getFilters().add(guard);
        server.createContext("/readyz", getOnly(exchange -> {
            String notReady = endpoints.served.readiness().get();
            if (notReady == null) {
                respondText(exchange, 200, "ready\n");
            } else {
                exchange.getResponseHeaders().set("Retry-After", "5");
                respondText(exchange, 503, notReady + "\n");
            }
        })).getFilters().add(guard);
        // The catch-all: the status page at exactly / and its assets under /status/, 404 for the rest.
        server.createContext("/", getOnly(new StatusPage())).getFilters().add(guard);
        server.start();
        return endpoints;
    }

    /** Plain HTTP, or HTTPS with the handshake parameters (protocols, client certificates) of {@code security}. */
    private static HttpServer create(InetSocketAddress address, HttpSecurity security) throws IOException {
        if (security.serverContext() == null) {
            return HttpServer.create(address, 64);
        }
        HttpsServer https = HttpsServer.create(address, 64);
        SSLParameters parameters = security.serverParameters();
        https.setHttpsConfigurator(new HttpsConfigurator(security.serverContext()) {
            @Override
            public void configure(HttpsParameters params) {
                params.setSSLParameters(parameters);
            }
        });
        return https;
    }

    /**
     * Lets a request through when {@link HttpSecurity#permits} it, else answers 401 with the
     * challenge browsers and Prometheus understand. Runs before the method check, so that an
     * unauthenticated client learns nothing about the paths.
     */
    private static final class Guard extends Filter {
        private final HttpSecurity security;

        Guard(HttpSecurity security) {
            this.security = security;
        }

        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            if (security.permits(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"))) {
                chain.doFilter(exchange);
                return;
            }
            try (exchange) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"vigil\"");
                respondText(exchange, 401, "unauthorized\n");
            }
        }

        @Override
        public String description() {
            return "credentials of the http section";
        }
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

    /** An API path before {@link #attach}: come back in a second; no body. */
    private static void respondStarting(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Retry-After", "1");
        exchange.sendResponseHeaders(503, -1);
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
