package dev.vigil.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP endpoints on a real JDK server and a real HTTP client; no Kafka needed. */
class HttpEndpointsTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicReference<String> notReady = new AtomicReference<>("Kafka Streams is REBALANCING");
    private HttpEndpoints endpoints;

    @BeforeEach
    void start() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(() -> MetricSnapshots.of(CounterSnapshot.builder().name("vigil_events")
                .help("test").dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(3)
                        .labels(Labels.of("type", "agent.task.status_changed", "outcome", "accepted")).build())
                .build()));
        endpoints = HttpEndpoints.start("127.0.0.1", 0, registry, notReady::get);
    }

    @AfterEach
    void stop() {
        endpoints.close();
    }

    @Test
    void readinessFollowsKafkaStreamsAndAsksToRetryWhileNotReady() throws Exception {
        HttpResponse<String> rebalancing = send("GET", "/readyz", null);
        assertThat(rebalancing.statusCode()).isEqualTo(503);
        assertThat(rebalancing.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(rebalancing.body()).contains("REBALANCING");

        notReady.set(null);
        assertThat(send("GET", "/readyz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void healthIsAlwaysOkWhileTheProcessLives() throws Exception {
        assertThat(send("GET", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void metricsNegotiateTheFormat() throws Exception {
        HttpResponse<String> text = send("GET", "/metrics", null);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(text.body()).contains(
                "vigil_events_total{outcome=\"accepted\",type=\"agent.task.status_changed\"} 3.0");

        HttpResponse<String> om = send("GET", "/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(om.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(om.body()).endsWith("# EOF\n");
    }

    @Test
    void metricsAreGzippedWhenTheScraperAsks() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + "/metrics"))
                .header("Accept-Encoding", "gzip").GET().build();
        HttpResponse<byte[]> gzipped = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.statusCode()).isEqualTo(200);
        assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzipped.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        String text;
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(text).isEqualTo(send("GET", "/metrics", null).body())
                .contains("vigil_events_total{outcome=\"accepted\",type=\"agent.task.status_changed\"} 3.0");

        HttpResponse<String> plain = send("GET", "/metrics", null);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    }

    @Test
    void onlyGetAndHeadAreAllowedAndUnknownPathsAre404() throws Exception {
        HttpResponse<String> post = send("POST", "/metrics", null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/nope", null).statusCode()).isEqualTo(404);
        assertThat(send("HEAD", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void apisAnswer503WithRetryAfterUntilAttachedThenTheirHandlers() throws Exception {
        try (HttpEndpoints starting = HttpEndpoints.starting("127.0.0.1", 0, new PrometheusRegistry(),
                Set.of("/api/v1/things/"))) {
            HttpResponse<String> early = send(starting, "GET", "/api/v1/things/a", null);
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(early.body()).isEmpty();
            HttpResponse<String> notReady = send(starting, "GET", "/readyz", null);
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).isEqualTo("starting\n");
            assertThat(send(starting, "POST", "/api/v1/things/a", null).statusCode()).isEqualTo(405);
            assertThat(send(starting, "GET", "/api/v1/other", null).statusCode()).isEqualTo(404);

            starting.attach(() -> null, Map.of("/api/v1/things/",
                    exchange -> HttpEndpoints.respondText(exchange, 200, "thing\n")));
            HttpResponse<String> attached = send(starting, "GET", "/api/v1/things/a", null);
            assertThat(attached.statusCode()).isEqualTo(200);
            assertThat(attached.body()).isEqualTo("thing\n");
            assertThat(send(starting, "GET", "/readyz", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void attachBindsExactlyTheDeclaredApiPathsAndOnlyOnce() throws Exception {
        try (HttpEndpoints starting = HttpEndpoints.starting("127.0.0.1", 0, new PrometheusRegistry(),
                Set.of("/api/v1/things/"))) {
            assertThatThrownBy(() -> starting.attach(() -> null, Map.of("/api/v1/other/", exchange -> { })))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/api/v1/things/");
            assertThat(send(starting, "GET", "/api/v1/things/a", null).statusCode()).isEqualTo(503);
            starting.attach(() -> null, Map.of("/api/v1/things/", exchange -> { }));
            assertThatThrownBy(() -> starting.attach(() -> null, Map.of("/api/v1/things/", exchange -> { })))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> endpoints.attach(() -> null, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    private HttpResponse<String> send(String method, String path, String accept) throws Exception {
        return send(endpoints, method, path, accept);
    }

    private HttpResponse<String> send(HttpEndpoints to, String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
