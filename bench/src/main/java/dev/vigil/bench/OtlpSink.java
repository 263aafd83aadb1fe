package dev.vigil.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP traces endpoint in this JVM that reads each export request whole, discards it and
 * answers 200 (an empty {@code ExportTraceServiceResponse}), so that a traced drain pays the real
 * export cost (protobuf encoding, HTTP) without a collector. Counts requests and bytes.
 */
final class OtlpSink implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    private OtlpSink(HttpServer server) {
        this.server = server;
    }

    static OtlpSink start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            OtlpSink sink = new OtlpSink(server);
            server.createContext("/v1/traces", sink::handle);
            server.setExecutor(sink.threads);
            server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the OTLP sink", e);
        }
    }

    /** The base URL, as {@code observability.tracing.endpoint} takes it. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long requests() {
        return requests.get();
    }

    long bytes() {
        return bytes.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            bytes.addAndGet(in.readAllBytes().length);
        }
        requests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
