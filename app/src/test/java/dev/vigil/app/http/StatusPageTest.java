package dev.vigil.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status page's files as the JDK server serves them: types, caching, HEAD, 404s. No Kafka. */
class StatusPageTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpEndpoints endpoints;

    @BeforeEach
    void start() throws Exception {
        endpoints = HttpEndpoints.starting("127.0.0.1", 0, new PrometheusRegistry(), Set.of(SummaryApi.PATH));
    }

    @AfterEach
    void stop() {
        endpoints.close();
    }

    @Test
    void thePageIsServedAtTheRootAsHtmlAndRevalidatedOnEveryLoad() throws Exception {
        HttpResponse<String> page = send("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("ETag")).isPresent();
        assertThat(page.body()).contains("<title>Vigil status</title>", "/status/status.js", "/status/status.css");
        // Nothing from the internet: every script and stylesheet is one of ours.
        assertThat(page.body()).doesNotContain("http://", "https://");
    }

    @Test
    void assetsHaveTheirContentTypesAndMayBeCachedBriefly() throws Exception {
        HttpResponse<String> css = send("GET", "/status/status.css", null);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(css.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");

        HttpResponse<String> js = send("GET", "/status/status.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(js.body()).contains("/api/v1/summary").doesNotContain("http://", "https://");
    }

    @Test
    void aKnownETagAnswers304WithoutABody() throws Exception {
        String etag = send("GET", "/status/status.js", null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send("GET", "/status/status.js", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(send("GET", "/status/status.js", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersTheHeadersWithoutTheBody() throws Exception {
        HttpResponse<String> head = send("HEAD", "/", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(head.body()).isEmpty();
        assertThat(send("HEAD", "/status/nope.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void otherPathsStay404AndOtherMethods405() throws Exception {
        assertThat(send("GET", "/index.html", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/status/", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/status/other.js", null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/nope", null).statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/", null);
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void theSummaryAnswers503UntilKafkaStreamsExists() throws Exception {
        HttpResponse<String> summary = send("GET", SummaryApi.PATH, null);
        assertThat(summary.statusCode()).isEqualTo(503);
        assertThat(summary.headers().firstValue("Retry-After")).hasValue("1");
    }

    private HttpResponse<String> send(String method, String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
