package dev.vigil.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.app.metrics.AggregatesCollector;
import dev.vigil.app.metrics.AggregatesExposition;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Once the endpoint writes the aggregates itself, both text formats carry them (as the registry
     * would write them) plus everything else, and the registry never collects them again.
     */
    @Test
    void theAggregatesAreWrittenDirectlyInBothFormatsAndNotCollectedTwice() throws Exception {
        List<MetricFamilySnapshot> families = List.of(
                new MetricFamilySnapshot(Metric.TASK_TOTAL, List.of(new MetricSample.Value(List.of("succeeded"), 7))),
                new MetricFamilySnapshot(Metric.ACTIVE_TASKS, List.of(new MetricSample.Value(List.of(), 2))));
        AtomicInteger collected = new AtomicInteger();
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(() -> MetricSnapshots.of(GaugeSnapshot.builder().name("other").help("x")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1).build()).build()));
        registry.register(new MultiCollector() {
            @Override
            public MetricSnapshots collect() {
                collected.incrementAndGet();
                return AggregatesCollector.toSnapshots(families);
            }

            @Override
            public List<String> getPrometheusNames() {
                return AggregatesExposition.familyNames();
            }
        });
        try (HttpEndpoints direct = HttpEndpoints.start("127.0.0.1", 0, registry, () -> null)) {
            String viaRegistry = get(direct, null);
            assertThat(collected).hasValue(1);
            direct.writeAggregatesDirectly((format, out) -> AggregatesExposition.write(families, format, out));

            String text = get(direct, null);
            String om = get(direct, "application/openmetrics-text; version=1.0.0; charset=utf-8");
            assertThat(collected).as("collections by the registry").hasValue(1);
            assertThat(text).contains("task_total{status=\"succeeded\"} 7.0\n", "active_tasks 2.0\n", "other 1.0\n");
            assertThat(text.lines().sorted().toList()).isEqualTo(viaRegistry.lines().sorted().toList());
            assertThat(om).contains("# TYPE task counter\n", "task_total{status=\"succeeded\"} 7.0\n", "other 1.0\n")
                    .endsWith("# EOF\n");
            assertThat(om.indexOf("# EOF")).isEqualTo(om.length() - "# EOF\n".length());
        }
    }

    private String get(HttpEndpoints at, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.port() + "/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
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
