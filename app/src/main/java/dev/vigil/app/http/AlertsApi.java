package dev.vigil.app.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.app.alertmanager.PromValues;
import dev.vigil.app.cluster.InstanceFanOut;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /api/v1/alerts}: the alerts firing now, across all instances. Each instance holds the
 * alert state of the partitions it owns; the one asked gathers the others' lists
 * ({@code ?scope=local} on each) and merges them. 503 with {@code Retry-After} when an instance
 * does not answer (the list would be incomplete).
 */
public final class AlertsApi implements HttpHandler {
    public static final String PATH = "/api/v1/alerts";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final InstanceFanOut others;
    private final Supplier<List<AlertInstance>> localFiring;

    public AlertsApi(KafkaStreams streams, InstanceFanOut others, Supplier<List<AlertInstance>> localFiring) {
        this.streams = streams;
        this.others = others;
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
        boolean localOnly = InstanceFanOut.LOCAL_SCOPE.equals(exchange.getRequestURI().getQuery());
        if (!localOnly) {
            try {
                others.askOthers(PATH, ASK_TIMEOUT, AlertsApi::alertsOf).forEach(alerts::addAll);
            } catch (InstanceFanOut.InstanceUnavailable e) {
                HttpEndpoints.respondUnavailable(exchange, e.getMessage());
                return;
            }
        }
        alerts.sort(Comparator.comparing((Map<String, Object> a) -> (String) a.get("started_at"))
                .thenComparing(a -> (String) a.get("fingerprint")));
        // The shape of Prometheus' /api/v1/alerts, so that tools reading Prometheus' alerts read Vigil's.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "success");
        body.put("data", Map.of("alerts", alerts));
        HttpEndpoints.respondJson(exchange, 200, body);
    }

    private static List<Map<String, Object>> alertsOf(byte[] response) throws IOException {
        Map<String, Object> body = JSON.readValue(response, new TypeReference<>() { });
        // An instance of an older build (during a rolling upgrade) answers {"alerts": [...]}.
        Object data = body.containsKey("data") ? body.get("data") : body;
        Object alerts = data instanceof Map<?, ?> m ? m.get("alerts") : null;
        return alerts == null ? List.of() : JSON.convertValue(alerts, new TypeReference<List<Map<String, Object>>>() { });
    }

    /**
     * One alert as Prometheus lists it ({@code labels} with {@code alertname} and {@code severity},
     * {@code annotations}, {@code state}, {@code activeAt}, {@code value} as a string), plus Vigil's own members.
     */
    static Map<String, Object> view(AlertInstance a) {
        Map<String, String> labels = new TreeMap<>(a.labels());
        labels.put("alertname", a.rule());
        labels.put("severity", a.severity());
        String startedAt = Instant.ofEpochMilli(a.startedAtMs()).toString();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", labels);
        m.put("annotations", a.annotations());
        m.put("state", "firing");
        m.put("activeAt", startedAt);
        // Prometheus writes a sample value as a string; an alert without one (absent rules) has NaN.
        m.put("value", PromValues.format(a.value() == null ? Double.NaN : a.value()));
        m.put("rule", a.rule());
        m.put("fingerprint", a.fingerprint());
        m.put("severity", a.severity());
        m.put("threshold", a.threshold());
        m.put("window", a.window());
        m.put("samples", a.samples());
        m.put("started_at", startedAt);
        return m;
    }

}
