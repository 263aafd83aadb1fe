package dev.vigil.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The status page: {@code /} and its assets under {@code /status/}, served from the jar's
 * resources ({@code dev/vigil/app/status/}); any other path is 404. The page is static; it reads
 * {@code /api/v1/summary} itself.
 *
 * <p>The files are read once, at start: they cannot change while the jar runs. The page itself is
 * revalidated on every load ({@code no-cache} with an ETag, so a new release shows at once); its
 * assets may be cached a few minutes and are revalidated by ETag after that.
 */
final class StatusPage implements HttpHandler {
    static final String ROOT = "/";
    static final String ASSETS = "/status/";
    private static final String RESOURCES = "/dev/vigil/app/status/";

    /** One file as served. */
    record Asset(byte[] body, String contentType, String cacheControl, String etag) {
    }

    private final Map<String, Asset> assets;

    StatusPage() {
        this.assets = Map.of(
                ROOT, load("index.html", "text/html; charset=utf-8", "no-cache"),
                ASSETS + "status.css", load("status.css", "text/css; charset=utf-8", "public, max-age=300"),
                ASSETS + "status.js", load("status.js", "text/javascript; charset=utf-8", "public, max-age=300"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Asset asset = assets.get(exchange.getRequestURI().getPath());
        if (asset == null) {
            HttpEndpoints.respondText(exchange, 404, "not found; try /, /metrics, /healthz, /readyz\n");
            return;
        }
        exchange.getResponseHeaders().set("Cache-Control", asset.cacheControl());
        exchange.getResponseHeaders().set("ETag", asset.etag());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (asset.etag().equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            exchange.sendResponseHeaders(304, -1);
            return;
        }
        HttpEndpoints.respond(exchange, 200, asset.contentType(), asset.body());
    }

    private static Asset load(String file, String contentType, String cacheControl) {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + file + " is missing from the jar");
            }
            byte[] body = in.readAllBytes();
            return new Asset(body, contentType, cacheControl, etag(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
