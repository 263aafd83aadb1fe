package dev.vigil.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void onlyGetAndHeadAreAllowedAndUnknownPathsAre404() throws Exception {
        HttpResponse<String> post = send("POST", "/metrics", null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(send("GET", "/nope", null).statusCode()).isEqualTo(404);
        assertThat(send("HEAD", "/healthz", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            b.header("Accept", accept);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
