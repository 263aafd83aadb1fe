package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.testkit.KubernetesServiceLinks;
import dev.vigil.testkit.KubernetesServiceLinks.Port;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil check-config}: the effective configuration, or every problem naming its key. */
class CheckConfigCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void aValidFilePrintsTheEffectiveConfiguration() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), "aggregates:\n  grace: 10m\n");
        int code = Main.commandLine().execute("check-config", file.toString());
        assertThat(code).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("grace: 10m", "bootstrap_servers:", "processing_guarantee: exactly_once_v2");
    }

    @Test
    void theHttpLineSaysWhatAClientMustBringAndABadKeyFileIsNamed() throws Exception {
        dev.vigil.testkit.TestCertificates certs = dev.vigil.testkit.TestCertificates.generate(dir.resolve("certs"));
        Path token = Files.writeString(dir.resolve("token"), "t0k3n\n");
        Path web = Files.writeString(dir.resolve("web.yml"), "tls_server_config: {cert_file: certs/server.pem, "
                + "key_file: certs/server-key.pem}\n");
        Path file = Files.writeString(dir.resolve("vigil.yaml"), "http:\n  web_config_file: " + web
                + "\n  bearer_token_file: " + token + "\n");
        assertThat(Main.commandLine().execute("check-config", file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("# HTTP endpoints (http): HTTPS (TLSv1.2/TLSv1.3) on 0.0.0.0, credentials asked: bearer "
                        + "token; open: /healthz, /readyz")
                .doesNotContain("t0k3n");

        Files.writeString(web, "tls_server_config: {cert_file: certs/server.pem, key_file: certs/server.pem}\n");
        assertThat(Main.commandLine().execute("check-config", file.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tls_server_config.key_file: no private key in");
    }

    @Test
    void otlpHeaderValuesArePrintedHidden() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"),
                "observability:\n  tracing:\n    headers: {Authorization: \"Bearer s3cr3t\"}\n");
        int code = Main.commandLine().execute("check-config", file.toString());
        assertThat(code).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).doesNotContain("s3cr3t").contains("Authorization: \"[hidden]\"");
    }

    @Test
    void aBadFileExitsNonZeroNamingEveryBadKey() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"),
                "aggregates:\n  grase: 10m\nkafka:\n  processing_guarantee: exactly_once\n");
        int code = Main.commandLine().execute("check-config", file.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("aggregates.grase", "kafka.processing_guarantee");
    }

    @Test
    void theSeedObservabilityBlockPrintsWhereSpansLogsAndMetricsGo() throws Exception {
        Path file = Files.writeString(dir.resolve("seed.yaml"), String.join("\n",
                "observability:",
                "  tracing:",
                "    enabled: true",
                "    exporter: jaeger",
                "    jaeger_endpoint: \"http://jaeger:14268/api/traces\"",
                "    sample_rate: 1.0",
                "  metrics:",
                "    enabled: true",
                "    exporter: prometheus",
                "    prometheus_port: 9090",
                "  logging:",
                "    enabled: true",
                "    format: json",
                "    level: INFO",
                "    exporter: loki",
                "    loki_url: \"http://loki:3100\"",
                ""));
        int code = Main.commandLine().execute("check-config", file.toString());
        assertThat(code).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed)
                .contains("#   traces  -> http://jaeger:4318/v1/traces (OTLP/HTTP, mapped from the Jaeger collector URL "
                        + "http://jaeger:14268/api/traces), sampler parentbased_traceidratio at 1.0, service.name vigil")
                .contains("#   logs    -> http://loki:3100/loki/api/v1/push (Loki push API, json lines, Vigil at INFO")
                .contains("#   metrics -> /metrics on port 9090");
        // The telemetry lines are YAML comments: the output still loads, as the same configuration.
        VigilConfig reloaded = ConfigLoader.fromYaml(printed, Map.of());
        assertThat(reloaded).isEqualTo(ConfigLoader.load(file, Map.of()));
    }

    /**
     * The environment only reaches the command through a process, so this one runs {@code vigil check-config} as
     * a child JVM with Kubernetes' service-link variables of a Service {@code vigil} and one misspelled override.
     */
    @Test
    void anUnknownVariableIsAWarningWithASuggestionAndServiceLinksAreNot() throws Exception {
        Path file = Files.writeString(dir.resolve("vigil.yaml"), "aggregates:\n  grace: 10m\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.vigil.app.Main", "check-config", file.toString()))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("VIGIL_"));
        builder.environment().putAll(KubernetesServiceLinks.of("vigil", "10.96.12.34",
                List.of(new Port("http", 9090, "TCP"))));
        builder.environment().put("VIGIL_AGGREGATES_DEDUP_HORIZN", "1h");
        builder.environment().put("VIGIL_TOPICS_INPUT", "events-from-env");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("check-config finished").isTrue();

        assertThat(process.exitValue()).isZero();
        String printed = Files.readString(dir.resolve("out"));
        assertThat(printed).contains("grace: 10m", "input: events-from-env").doesNotContain("warning");
        assertThat(Files.readAllLines(dir.resolve("err"))).containsExactly(
                "warning: VIGIL_AGGREGATES_DEDUP_HORIZN is ignored: it names no configuration key "
                        + "(did you mean VIGIL_AGGREGATES_DEDUP_HORIZON?)");
    }
}
