package dev.vigil.app.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.app.cluster.InstanceFanOut;
import dev.vigil.app.status.SummaryAssembly;
import dev.vigil.app.status.SummaryPart;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

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
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final InstanceFanOut others;
    private final Supplier<SummaryPart> local;
    private final Clock clock;

    public SummaryApi(KafkaStreams streams, InstanceFanOut others, Supplier<SummaryPart> local, Clock clock) {
        this.streams = streams;
        this.others = others;
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
        if (InstanceFanOut.LOCAL_SCOPE.equals(exchange.getRequestURI().getQuery())) {
            respond(exchange, own);
            return;
        }
        List<SummaryPart> parts = new ArrayList<>();
        parts.add(own);
        try {
            parts.addAll(others.askOthers(PATH, ASK_TIMEOUT, body -> JSON.readValue(body, SummaryPart.class)));
        } catch (InstanceFanOut.InstanceUnavailable e) {
            HttpEndpoints.respondUnavailable(exchange, e.getMessage());
            return;
        }
        respond(exchange, SummaryAssembly.merge(parts, clock.instant(), SummaryAssembly.TOP));
    }

    private static void respond(HttpExchange exchange, Object body) throws IOException {
        HttpEndpoints.respond(exchange, 200, "application/json", JSON.writeValueAsBytes(body));
    }
}
