package dev.vigil.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.http.HttpEndpoints;
import dev.vigil.app.integration.Promtool;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.vigil.testkit.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The JVM, process and build metrics as /metrics serves them (no broker needed: they do not depend on
 * Kafka Streams). MetricsIntegrationTest lints them together with everything else Vigil exposes.
 */
class ProcessMetricsTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void metricsHaveTheStandardJvmAndProcessFamiliesAndTheBuildAndPromtoolFindsNothingToLint() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        ProcessMetrics.register(registry);
        String text;
        String openMetrics;
        try (HttpEndpoints endpoints = HttpEndpoints.start("127.0.0.1", 0, registry, () -> null)) {
            text = get(endpoints.port(), null);
            openMetrics = get(endpoints.port(), "application/openmetrics-text; version=1.0.0");
        }
        // The names Prometheus' other clients' process collectors use (docs/metrics.md, JVM and process).
        assertThat(text).contains("# TYPE process_cpu_seconds_total counter", "# TYPE process_resident_memory_bytes gauge",
                "# TYPE process_open_fds gauge", "# TYPE process_max_fds gauge", "# TYPE process_start_time_seconds gauge",
                "# TYPE jvm_memory_used_bytes gauge", "# TYPE jvm_gc_collection_seconds summary",
                "# TYPE jvm_threads_current gauge", "jvm_memory_used_bytes{area=\"heap\"}",
                "# TYPE vigil_rocksdb_block_cache_usage_bytes gauge", "# TYPE vigil_rocksdb_block_cache_capacity_bytes gauge");
        BuildInfo build = BuildInfo.ofThisBuild();
        assertThat(text).contains("vigil_build_info{revision=\"" + build.revision() + "\",version=\"" + build.version()
                + "\"} 1");
        assertThat(openMetrics).contains("# TYPE vigil_build info");
        assertThat(Promtool.checkMetrics(text)).isEmpty();
    }

    @Test
    void everyAppsRegistryServesTheProcessWideJvmMetrics() {
        // Several apps in one JVM (the tests) each have a registry; the JVM metrics exist once per process.
        PrometheusRegistry first = new PrometheusRegistry();
        PrometheusRegistry second = new PrometheusRegistry();
        ProcessMetrics.register(first);
        ProcessMetrics.register(second);
        for (PrometheusRegistry registry : List.of(first, second)) {
            assertThat(registry.scrape().stream().map(m -> m.getMetadata().getPrometheusName()))
                    .contains("jvm_memory_used_bytes", "process_cpu_seconds", "vigil_build", "vigil_rocksdb_block_cache_usage_bytes")
                    .doesNotHaveDuplicates();
        }
    }

    @Test
    void theBuildIsTheMavenVersionAndInAGitCheckoutItsCommit() throws Exception {
        BuildInfo build = BuildInfo.ofThisBuild();
        // The version is filled in by the build; an unfiltered resource would read "${project.version}".
        assertThat(build.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        // A clone or a linked work tree has .git (a directory or a file); a source tarball has none.
        boolean gitCheckout = Files.exists(Path.of("..", ".git"));
        if (gitCheckout) {
            assertThat(build.revision()).as("the git commit of this checkout").matches("[0-9a-f]{12}");
            assertThat(headCommit()).as("this checkout's HEAD").startsWith(build.revision());
        } else {
            assertThat(build.revision()).isIn(BuildInfo.UNKNOWN);
        }
    }

    @Test
    void whatTheBuildCouldNotFillInIsUnknown() {
        BuildInfo noGit = new BuildInfo("1.2.3", "${vigil.git.revision}");
        assertThat(noGit.version()).isEqualTo("1.2.3");
        assertThat(noGit.revision()).isEqualTo("unknown");
        assertThat(new BuildInfo(null, " ").version()).isEqualTo("unknown");
        assertThat(new BuildInfo("1.2.3", "HEAD").revision()).as("git in a repository without commits")
                .isEqualTo("unknown");
        assertThat(new BuildInfo("1.2.3", "0123456789ab").revision()).isEqualTo("0123456789ab");
    }

    /** HEAD as git itself reads it, here: in a linked work tree that is not the main checkout's HEAD. */
    private static String headCommit() throws Exception {
        Process git = new ProcessBuilder(RequiredTool.GIT.path().toString(), "rev-parse", "HEAD")
                .directory(Path.of("..").toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(out).isZero();
        return out;
    }

    private String get(int port, String accept) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
