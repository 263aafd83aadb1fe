package dev.vigil.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.aggregates.entity.LeaseState;
import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.app.cluster.KeyRouter;
import dev.vigil.app.cluster.PeerClient;
import dev.vigil.topology.StoreNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code GET /api/v1/aggregates/{tasks|leases|pools|agents|tenants}/{id}}: the JSON state of one key,
 * answered by any instance. The instance that owns the key's partition answers from its local
 * store; any other forwards the request to the owner's {@code application.server}. 404 for an
 * unknown key; 503 with {@code Retry-After} while ownership is unknown (rebalancing).
 *
 * <p>Tasks and leases are entity state (stores keyed by id); pools, agents and tenants are the series
 * of the {@code pools} and {@code calls} metric groups, which each live in one partition.
 */
public final class AggregatesApi implements HttpHandler {
    public static final String PREFIX = "/api/v1/aggregates/";
    /** Set on forwarded requests: an instance that is not the owner either answers 503, never forwards twice. */
    static final String FORWARDED = "X-Vigil-Forwarded";

    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final KeyRouter router;
    private final PeerClient peers;
    private final Supplier<List<MetricFamilySnapshot>> families;

    /**
     * @param peers    how to call the owner (scheme, TLS, credentials)
     * @param families the metric families this instance renders (its owned groups)
     */
    public AggregatesApi(KafkaStreams streams, KeyRouter router, PeerClient peers,
                         Supplier<List<MetricFamilySnapshot>> families) {
        this.streams = streams;
        this.router = router;
        this.peers = peers;
        this.families = families;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String rest = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            HttpEndpoints.respondJson(exchange, 404, Map.of("error", "expected " + PREFIX + "{tasks|leases|pools|agents|tenants}/{id}"));
            return;
        }
        String kind = rest.substring(0, slash);
        String id = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        switch (kind) {
            case "tasks" -> answer(exchange, router.route(StoreNames.TASK_STATE, id),
                    p -> this.<TaskState>read(StoreNames.TASK_STATE, id, p).map(s -> AggregateViews.task(id, s)));
            case "leases" -> answer(exchange, router.route(StoreNames.LEASE_STATE, id),
                    p -> this.<LeaseState>read(StoreNames.LEASE_STATE, id, p).map(s -> AggregateViews.lease(id, s)));
            case "pools" -> answer(exchange, router.routeGroup(MetricGroup.POOLS),
                    p -> group(MetricGroup.POOLS, "pool", id));
            case "agents" -> answer(exchange, router.routeGroup(MetricGroup.CALLS),
                    p -> group(MetricGroup.CALLS, "agent_name", id));
            // The tenant metrics live in the calls group, so the calls task's owner holds a tenant's figures.
            case "tenants" -> answer(exchange, router.routeGroup(MetricGroup.CALLS),
                    p -> group(MetricGroup.CALLS, "tenant", id));
            default -> HttpEndpoints.respondJson(exchange, 404, Map.of("error", "unknown aggregate kind '" + kind
                    + "'; one of tasks, leases, pools, agents, tenants"));
        }
    }

    private interface LocalRead {
        Optional<Map<String, Object>> read(int partition);
    }

    private void answer(HttpExchange exchange, KeyRouter.Route route, LocalRead local) throws IOException {
        if (route instanceof KeyRouter.Local l) {
            Optional<Map<String, Object>> body;
            try {
                body = local.read(l.partition());
            } catch (InvalidStateStoreException e) {
                HttpEndpoints.respondUnavailable(exchange, "store not queryable: " + e.getMessage());
                return;
            }
            if (body.isPresent()) {
                HttpEndpoints.respondJson(exchange, 200, body.get());
            } else {
                HttpEndpoints.respondJson(exchange, 404, Map.of("error", "unknown key"));
            }
        } else if (route instanceof KeyRouter.Remote r) {
            if (exchange.getRequestHeaders().containsKey(FORWARDED)) {
                HttpEndpoints.respondUnavailable(exchange, "ownership is moving");
                return;
            }
            forward(exchange, r);
        } else {
            HttpEndpoints.respondUnavailable(exchange, ((KeyRouter.Unavailable) route).why());
        }
    }

    private <V> Optional<V> read(String store, String key, int partition) {
        ReadOnlyKeyValueStore<String, V> s = streams.store(StoreQueryParameters
                .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
        return Optional.ofNullable(s.get(key));
    }

    private Optional<Map<String, Object>> group(MetricGroup group, String label, String value) {
        Map<String, Object> metrics = AggregateViews.metricsWithLabel(families.get(), group, label, value);
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put(label, value);
        body.put("metrics", metrics);
        return Optional.of(body);
    }

    private void forward(HttpExchange exchange, KeyRouter.Remote remote) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        URI target = peers.uri(remote.host(), path);
        try {
            HttpResponse<byte[]> response = peers.get(remote.host(), path, FORWARD_TIMEOUT,
                    Map.of(FORWARDED, router.self().host() + ":" + router.self().port()));
            response.headers().firstValue("Retry-After").ifPresent(v -> exchange.getResponseHeaders().set("Retry-After", v));
            HttpEndpoints.respond(exchange, response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse("application/json"), response.body());
        } catch (IOException e) {
            HttpEndpoints.respondUnavailable(exchange, "owner " + target.getAuthority() + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpEndpoints.respondUnavailable(exchange, "interrupted");
        }
    }
}
