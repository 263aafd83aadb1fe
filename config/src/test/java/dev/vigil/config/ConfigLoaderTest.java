package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.VigilConfig.ModelPrice;
import dev.vigil.config.VigilConfig.Pool;
import dev.vigil.config.VigilConfig.ProcessingGuarantee;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void defaultsAreThoseOfTheContract() {
        VigilConfig c = ConfigLoader.defaults();

        assertThat(c.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(c.kafka().applicationId()).isEqualTo("vigil");
        assertThat(c.kafka().processingGuarantee()).isEqualTo(ProcessingGuarantee.EXACTLY_ONCE_V2);
        assertThat(c.kafka().properties()).isEmpty();
        assertThat(c.topics()).isEqualTo(new VigilConfig.Topics("agent-events", "agent-alerts", "agent-events-dlq",
                1_048_576, false));
        assertThat(c.aggregates().grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.aggregates().dedupHorizon()).isEqualTo(Duration.ofHours(24));
        assertThat(c.aggregates().windows()).containsExactly(Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(c.aggregates().browserPool()).isEqualTo("browser");
        assertThat(c.aggregates().maxSeriesPerMetric()).isEqualTo(2000);
        assertThat(c.aggregates().pools()).containsExactly(Map.entry("browser", new Pool(20)));
        // Prices come from the shipped catalogue (PriceCatalogue); the configuration only overrides or extends it.
        assertThat(c.aggregates().modelPrices()).isEmpty();
        assertThat(c.aggregates().buckets().durationSeconds()).containsExactly(
                0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0);
        assertThat(c.alerts().rules()).isEmpty();
        assertThat(c.observability().tracing()).isEqualTo(new VigilConfig.Tracing(false, "none", null, null, 1.0));
        assertThat(c.observability().metrics()).isEqualTo(new VigilConfig.Metrics(true, "prometheus", 9090));
        assertThat(c.observability().logging())
                .isEqualTo(new VigilConfig.Logging(true, "text", "INFO", "stdout", null));
    }

    @Test
    void callLatencyBucketsDoubleFromTenMillisecondsTo81Seconds() {
        List<Double> buckets = ConfigLoader.defaults().aggregates().buckets().callLatencySeconds();
        assertThat(buckets).hasSize(14).startsWith(0.01).endsWith(81.92);
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(buckets.get(i)).isEqualTo(buckets.get(i - 1) * 2);
        }
    }

    @Test
    void noFileAndAnEmptyFileGiveTheDefaults() throws IOException {
        assertThat(ConfigLoader.load(null, Map.of())).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.load(write(""), Map.of())).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.load(write("# only a comment\n"), Map.of())).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.load(write("---\n"), Map.of())).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.load(write("kafka:\nobservability: {}\n"), Map.of()))
                .isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void theExampleFileAtTheRepositoryRootIsTheDefaults() throws URISyntaxException {
        Path example = repositoryRoot().resolve("vigil.example.yaml");
        assertThat(ConfigLoader.load(example, Map.of())).isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void theExampleFileDocumentsEveryKey() throws IOException {
        String example = Files.readString(repositoryRoot().resolve("vigil.example.yaml"));
        for (String path : Schema.allPaths()) {
            String key = path.substring(path.lastIndexOf('.') + 1);
            assertThat(example).as(path).containsPattern("(?m)^\\s*" + key + ":");
        }
    }

    @Test
    void theSeedObservabilityBlockLoadsUnchanged() throws URISyntaxException {
        Path seed = Path.of(getClass().getResource("/seed-observability.yaml").toURI());

        VigilConfig.Observability o = ConfigLoader.load(seed, Map.of()).observability();

        assertThat(o.tracing().enabled()).isTrue();
        assertThat(o.tracing().exporter()).isEqualTo("jaeger");
        assertThat(o.tracing().jaegerEndpoint()).isEqualTo("http://jaeger:14268/api/traces");
        assertThat(o.tracing().endpoint()).isNull();
        assertThat(o.tracing().sampleRate()).isEqualTo(1.0);
        assertThat(o.metrics()).isEqualTo(new VigilConfig.Metrics(true, "prometheus", 9090));
        assertThat(o.logging()).isEqualTo(new VigilConfig.Logging(true, "json", "INFO", "loki", "http://loki:3100"));
    }

    @Test
    void aPartialFileKeepsTheDefaultsForTheRest() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                kafka:
                  bootstrap_servers: "broker-1:9092,broker-2:9092"
                aggregates:
                  grace: 30s
                  buckets:
                    duration_seconds: [1, 10]
                observability:
                  logging:
                    format: json
                """), Map.of());
        VigilConfig d = ConfigLoader.defaults();

        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(c.kafka().applicationId()).isEqualTo(d.kafka().applicationId());
        assertThat(c.kafka().processingGuarantee()).isEqualTo(d.kafka().processingGuarantee());
        assertThat(c.topics()).isEqualTo(d.topics());
        assertThat(c.aggregates().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.aggregates().dedupHorizon()).isEqualTo(d.aggregates().dedupHorizon());
        assertThat(c.aggregates().windows()).isEqualTo(d.aggregates().windows());
        assertThat(c.aggregates().pools()).isEqualTo(d.aggregates().pools());
        assertThat(c.aggregates().buckets().durationSeconds()).containsExactly(1.0, 10.0);
        assertThat(c.aggregates().buckets().callLatencySeconds())
                .isEqualTo(d.aggregates().buckets().callLatencySeconds());
        assertThat(c.observability().logging().format()).isEqualTo("json");
        assertThat(c.observability().logging().level()).isEqualTo("INFO");
        assertThat(c.observability().tracing()).isEqualTo(d.observability().tracing());
        assertThat(c.observability().metrics()).isEqualTo(d.observability().metrics());
    }

    @Test
    void listsAndTheNamedMapsAreReplacedWhole() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                aggregates:
                  windows: [1m]
                  pools:
                    gpu: {capacity: 8}
                  model_prices:
                    claude-sonnet-4: {input_per_mtok: 3, output_per_mtok: 15}
                """), Map.of());

        assertThat(c.aggregates().windows()).containsExactly(Duration.ofMinutes(1));
        assertThat(c.aggregates().pools()).containsExactly(Map.entry("gpu", new Pool(8)));
        assertThat(c.aggregates().modelPrices())
                .containsExactly(Map.entry("claude-sonnet-4", new ModelPrice(3.0, 15.0)));
    }

    @Test
    void readsEveryKindOfValue() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                kafka:
                  processing_guarantee: at_least_once
                  properties:
                    security.protocol: SASL_SSL
                    linger.ms: 5
                    enable.idempotence: true
                    buffer.memory: 33_554_432
                    ssl.endpoint.identification.algorithm: ""
                topics: {input: in, alerts: out, dlq: in.dlq, max_event_bytes: 2_000_000}
                aggregates:
                  max_series_per_metric: "500"
                alerts:
                  rules:
                    - name: AgentCallSuccessLow
                      metric: agent_call_success_ratio
                      group_by: [agent_name]
                      op: "<"
                      threshold: 0.9
                      min_samples: 20
                      for: 1m
                      labels: {team: agents}
                      resolve_threshold: null
                observability:
                  tracing: {exporter: otlp, endpoint: "https://otel:4318", sample_rate: 0.25, ui_url: "http://jaeger:16686/trace/{trace_id}"}
                  metrics: {prometheus_port: 0, enabled: no}
                  logging: {level: debug}
                """), Map.of());

        assertThat(c.kafka().processingGuarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
        assertThat(c.kafka().properties()).containsExactly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("linger.ms", "5"),
                Map.entry("enable.idempotence", "true"),
                Map.entry("buffer.memory", "33554432"),
                Map.entry("ssl.endpoint.identification.algorithm", ""));
        assertThat(c.topics()).isEqualTo(new VigilConfig.Topics("in", "out", "in.dlq", 2_000_000, false));
        assertThat(c.aggregates().maxSeriesPerMetric()).isEqualTo(500);
        RuleConfig rule = c.alerts().rules().get(0);
        assertThat(rule.name()).isEqualTo("AgentCallSuccessLow");
        assertThat(rule.groupBy()).containsExactly("agent_name");
        assertThat(rule.threshold()).isEqualTo(0.9);
        assertThat(rule.minSamples()).isEqualTo(20);
        assertThat(rule.forDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rule.labels()).containsExactly(Map.entry("team", "agents"));
        assertThat(rule.resolveThreshold()).isNull();
        assertThat(rule.keys()).containsExactly("name", "metric", "group_by", "op", "threshold", "min_samples",
                "for", "labels", "resolve_threshold");
        assertThat(c.observability().tracing()).isEqualTo(
                new VigilConfig.Tracing(false, "otlp", "https://otel:4318", null, 0.25,
                        "http://jaeger:16686/trace/{trace_id}"));
        assertThat(c.observability().metrics().prometheusPort()).isZero();
        assertThat(c.observability().metrics().enabled()).isFalse();
        assertThat(c.observability().logging().level()).isEqualTo("DEBUG");
    }

    @Test
    void yamlAnchorsAndMergeKeysWork() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                aggregates:
                  model_prices:
                    gpt-4o: &standard {input_per_mtok: 2.5, output_per_mtok: 10}
                    gpt-4o-2024: *standard
                    gpt-4o-mini:
                      <<: *standard
                      input_per_mtok: 0.15
                """), Map.of());

        assertThat(c.aggregates().modelPrices()).containsExactly(
                Map.entry("gpt-4o", new ModelPrice(2.5, 10)),
                Map.entry("gpt-4o-2024", new ModelPrice(2.5, 10)),
                Map.entry("gpt-4o-mini", new ModelPrice(0.15, 10)));
    }

    @Test
    void theConfigIsDeeplyImmutable() throws IOException {
        VigilConfig c = ConfigLoader.load(write("""
                kafka: {properties: {a.b: c}}
                alerts:
                  rules:
                    - {name: R, metric: agent_call_total, labels: {team: x}, group_by: [agent_name]}
                """), Map.of());

        assertThatThrownBy(() -> c.kafka().properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.aggregates().windows().add(Duration.ZERO))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.aggregates().pools().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.aggregates().buckets().durationSeconds().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> c.alerts().rules().clear()).isInstanceOf(UnsupportedOperationException.class);
        RuleConfig rule = c.alerts().rules().get(0);
        assertThatThrownBy(() -> rule.labels().put("x", "1")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rule.groupBy().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> rule.keys().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void recordsCopyWhatTheyAreGiven() {
        java.util.ArrayList<Duration> windows = new java.util.ArrayList<>(List.of(Duration.ofMinutes(5)));
        java.util.LinkedHashMap<String, Pool> pools = new java.util.LinkedHashMap<>();
        pools.put("b", new Pool(1));
        pools.put("a", new Pool(2));
        VigilConfig.Aggregates a = new VigilConfig.Aggregates(Duration.ZERO, Duration.ofHours(1), Duration.ofMinutes(5), windows, "b", 1,
                pools, Map.of(), new VigilConfig.Buckets(List.of(1.0), List.of(1.0), List.of(1.0)));
        windows.add(Duration.ofHours(1));
        pools.put("c", new Pool(3));

        assertThat(a.windows()).containsExactly(Duration.ofMinutes(5));
        assertThat(a.pools().keySet()).containsExactly("b", "a");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("not found");
    }

    @Test
    void yamlThatDoesNotParseNamesTheFileAndLine() throws IOException {
        Path file = write("""
                kafka:
                  bootstrap_servers: [localhost:9092
                topics:
                  input: x
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ": line 3")
                .hasMessageContaining("YAML does not parse");
    }

    @Test
    void badIndentationIsASyntaxErrorWithItsLine() throws IOException {
        Path file = write("kafka:\n  bootstrap_servers: a:1\n application_id: x\n");
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .hasMessageStartingWith(file + ": line 3")
                .hasMessageContaining("YAML does not parse");
    }

    @Test
    void duplicateKeysAndSecondDocumentsAreErrors() throws IOException {
        Path file = write("""
                kafka:
                  application_id: a
                  application_id: b
                ---
                kafka: {}
                """);
        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "line 3: duplicate key 'kafka.application_id' (also at line 2)",
                        "line 5: only one YAML document is allowed (this is a second one, after '---')"));
    }

    @Test
    void theTopLevelMustBeAMapping() throws IOException {
        assertThatThrownBy(() -> ConfigLoader.load(write("- kafka\n"), Map.of()))
                .hasMessageContaining("line 1: the file must be a mapping of sections");
        assertThatThrownBy(() -> ConfigLoader.load(write("kafka: localhost\n"), Map.of()))
                .hasMessageContaining("line 1: kafka: must be a mapping (key: value), not a single value");
    }

    @Test
    void fromYamlReadsAString() {
        assertThat(ConfigLoader.fromYaml("topics: {input: x}", Map.of()).topics().input()).isEqualTo("x");
        assertThat(ConfigLoader.fromYaml("", Map.of())).isEqualTo(ConfigLoader.defaults());
    }

    /** The directory holding vigil.example.yaml: the reactor root, above this module. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("vigil.example.yaml"))) {
                return p;
            }
        }
        throw new AssertionError("vigil.example.yaml not found above " + here);
    }
}
