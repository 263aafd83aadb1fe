package dev.vigil.app.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.app.cluster.KeyRouter;
import dev.vigil.app.status.SummaryAssembly;
import dev.vigil.app.status.SummaryPart;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/v1/summary}: the whole application at a glance, what the status page at
 * {@code /} shows. Each instance holds the counts of the partitions it owns; the one asked gathers
 * the others' parts ({@code ?scope=local} on each) and merges them ({@link SummaryAssembly}). 503
 * with {@code Retry-After} while Kafka Streams is not RUNNING or when an instance does not answer:
 * a summary missing an instance would show totals that are too small.
 */
public final class SummaryApi implements HttpHandler {
    public static final String PATH = "/api/v1/summary";

    /** snake_case, as every other JSON answer of Vigil; unknown fields ignored, so a newer instance's parts still merge. */
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final KeyRouter router;
    private final Supplier<SummaryPart> local;
    private final Clock clock;

    public SummaryApi(KafkaStreams streams, KeyRouter router, Supplier<SummaryPart> local, Clock clock) {
        this.streams = streams;
        this.router = router;
        this.local = local;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            HttpEndpoints.respondText(exchange, 404, "not found\n");
            return;
        }
        // Every answer is of this moment: a cached one would show stale totals.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (streams.state() != KafkaStreams.State.RUNNING) {
            HttpEndpoints.respondUnavailable(exchange, "Kafka Streams is " + streams.state());
            return;
        }
        SummaryPart own = local.get();
        if ("scope=local".equals(exchange.getRequestURI().getQuery())) {
            respond(exchange, own);
            return;
        }
        List<SummaryPart> parts = new ArrayList<>();
        parts.add(own);
        for (StreamsMetadata member : streams.metadataForAllStreamsClients()) {
            HostInfo host = member.hostInfo();
            if (host.equals(router.self())) {
                continue;
            }
            try {
                parts.add(fetch(host));
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                HttpEndpoints.respondUnavailable(exchange, "instance " + host.host() + ":" + host.port()
                        + " did not answer: " + e.getMessage());
                return;
            }
        }
        respond(exchange, SummaryAssembly.merge(parts, clock.instant(), SummaryAssembly.TOP));
    }

    private static void respond(HttpExchange exchange, Object body) throws IOException {
        HttpEndpoints.respond(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
    }

    private static SummaryPart fetch(HostInfo host) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                + PATH + "?scope=local")).timeout(ASK_TIMEOUT).GET().build();
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return JSON.readValue(response.body(), SummaryPart.class);
    }
}
