package dev.vigil.app.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prometheus' HTTP API (/api/v1): instant and range queries, label values, readiness. */
public final class PrometheusApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    PrometheusApi(String base) {
        this.base = base;
    }

    /** One series of a result: its labels (without {@code __name__}) and its values in time order. */
    public record Series(Map<String, String> labels, List<Double> values) {
        public boolean hasFiniteValue() {
            return values.stream().anyMatch(Double::isFinite);
        }
    }

    /** A query's answer: an error message, or the series (a vector's series have one value each). */
    public record Result(String error, List<Series> series) {
        public boolean ok() {
            return error == null;
        }

        /** Labels → value of an instant vector. */
        public Map<Map<String, String>, Double> vector() {
            Map<Map<String, String>, Double> out = new LinkedHashMap<>();
            series.forEach(s -> out.put(s.labels(), s.values().get(0)));
            return out;
        }
    }

    public boolean ready() {
        try {
            return send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).GET()).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    public Result query(String expr) {
        return parse(post("/api/v1/query", Map.of("query", expr)));
    }

    public Result queryRange(String expr, Instant start, Instant end, Duration step) {
        return parse(post("/api/v1/query_range", Map.of("query", expr, "start", seconds(start), "end", seconds(end),
                "step", Double.toString(step.toMillis() / 1000.0))));
    }

    /** Values of a label on the series matching a selector ({@code label_values(selector, label)}). */
    public List<String> labelValues(String label, String selector) {
        String url = base + "/api/v1/label/" + label + "/values?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8);
        JsonNode body = json(send(HttpRequest.newBuilder(URI.create(url)).GET()).body());
        List<String> values = new ArrayList<>();
        body.path("data").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String seconds(Instant t) {
        return Double.toString(t.toEpochMilli() / 1000.0);
    }

    private String post(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))).body();
    }

    private static Result parse(String text) {
        JsonNode body = json(text);
        if (!"success".equals(body.path("status").asText())) {
            return new Result(body.path("errorType").asText() + ": " + body.path("error").asText(), List.of());
        }
        List<Series> series = new ArrayList<>();
        JsonNode data = body.path("data");
        String type = data.path("resultType").asText();
        if (type.equals("scalar")) {
            series.add(new Series(Map.of(), List.of(number(data.path("result").get(1)))));
            return new Result(null, series);
        }
        for (JsonNode s : data.path("result")) {
            Map<String, String> labels = new TreeMap<>();
            s.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            labels.remove("__name__");
            List<Double> values = new ArrayList<>();
            if (s.has("value")) {
                values.add(number(s.path("value").get(1)));
            }
            s.path("values").forEach(v -> values.add(number(v.get(1))));
            series.add(new Series(labels, values));
        }
        return new Result(null, series);
    }

    /** Prometheus writes sample values as strings: decimals, NaN, +Inf, -Inf. */
    private static double number(JsonNode value) {
        return switch (value.asText()) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value.asText());
        };
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
