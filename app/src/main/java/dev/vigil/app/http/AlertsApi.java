package dev.vigil.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.app.cluster.KeyRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@code GET /api/v1/alerts}: the alerts firing now, across all instances. Each instance holds the
 * alert state of the partitions it owns; the one asked gathers the others' lists
 * ({@code ?scope=local} on each) and merges them. 503 with {@code Retry-After} when an instance
 * does not answer (the list would be incomplete).
 */
public final class AlertsApi implements HttpHandler {
    public static final String PATH = "/api/v1/alerts";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final KafkaStreams streams;
    private final KeyRouter router;
    private final Supplier<List<AlertInstance>> localFiring;

    public AlertsApi(KafkaStreams streams, KeyRouter router, Supplier<List<AlertInstance>> localFiring) {
        this.streams = streams;
        this.router = router;
        this.localFiring = localFiring;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!PATH.equals(exchange.getRequestURI().getPath())) {
            HttpEndpoints.respondText(exchange, 404, "not found\n");
            return;
        }
        if (streams.state() != KafkaStreams.State.RUNNING) {
            HttpEndpoints.respondUnavailable(exchange, "Kafka Streams is " + streams.state());
            return;
        }
        List<Map<String, Object>> alerts = new ArrayList<>();
        localFiring.get().forEach(a -> alerts.add(view(a)));
        boolean localOnly = "scope=local".equals(exchange.getRequestURI().getQuery());
        if (!localOnly) {
            for (StreamsMetadata member : streams.metadataForAllStreamsClients()) {
                HostInfo host = member.hostInfo();
                if (host.equals(router.self())) {
                    continue;
                }
                try {
                    alerts.addAll(fetch(host));
                } catch (IOException | InterruptedException e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    HttpEndpoints.respondUnavailable(exchange, "instance " + host.host() + ":" + host.port()
                            + " did not answer: " + e.getMessage());
                    return;
                }
            }
        }
        alerts.sort(Comparator.comparing((Map<String, Object> a) -> (String) a.get("started_at"))
                .thenComparing(a -> (String) a.get("fingerprint")));
        HttpEndpoints.respondJson(exchange, 200, Map.of("alerts", alerts));
    }

    private static List<Map<String, Object>> fetch(HostInfo host) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                + PATH + "?scope=local")).timeout(Duration.ofSeconds(5)).GET().build();
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        Map<String, List<Map<String, Object>>> body = JSON.readValue(response.body(), new TypeReference<>() { });
        return body.getOrDefault("alerts", List.of());
    }

    static Map<String, Object> view(AlertInstance a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", a.rule());
        m.put("fingerprint", a.fingerprint());
        m.put("severity", a.severity());
        m.put("labels", a.labels());
        m.put("value", a.value());
        m.put("window", a.window());
        m.put("samples", a.samples());
        m.put("started_at", Instant.ofEpochMilli(a.startedAtMs()).toString());
        m.put("annotations", a.annotations());
        return m;
    }

}
