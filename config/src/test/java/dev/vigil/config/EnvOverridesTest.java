package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.VigilConfig.ModelPrice;
import dev.vigil.config.VigilConfig.Pool;
import dev.vigil.config.VigilConfig.ProcessingGuarantee;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvOverridesTest {

    private static VigilConfig env(Map<String, String> env) {
        return ConfigLoader.load(null, env);
    }

    private static VigilConfig env(String yaml, Map<String, String> env) {
        return ConfigLoader.fromYaml(yaml, env);
    }

    @Test
    void overridesScalarsOfEveryType() {
        VigilConfig c = env(Map.of(
                "VIGIL_KAFKA_BOOTSTRAP_SERVERS", "broker:9093",
                "VIGIL_KAFKA_PROCESSING_GUARANTEE", "at_least_once",
                "VIGIL_TOPICS_MAX_EVENT_BYTES", "2048",
                "VIGIL_AGGREGATES_GRACE", "10m",
                "VIGIL_AGGREGATES_MAX_SERIES_PER_METRIC", "100",
                "VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", "9091",
                "VIGIL_OBSERVABILITY_TRACING_ENABLED", "true",
                "VIGIL_OBSERVABILITY_TRACING_SAMPLE_RATE", "0.5",
                "VIGIL_OBSERVABILITY_LOGGING_LEVEL", "warn"));

        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker:9093");
        assertThat(c.kafka().processingGuarantee()).isEqualTo(ProcessingGuarantee.AT_LEAST_ONCE);
        assertThat(c.topics().maxEventBytes()).isEqualTo(2048);
        assertThat(c.aggregates().grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.aggregates().maxSeriesPerMetric()).isEqualTo(100);
        assertThat(c.observability().metrics().prometheusPort()).isEqualTo(9091);
        assertThat(c.observability().tracing().enabled()).isTrue();
        assertThat(c.observability().tracing().sampleRate()).isEqualTo(0.5);
        assertThat(c.observability().logging().level()).isEqualTo("WARN");
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        VigilConfig c = env("kafka: {bootstrap_servers: 'file:9092', application_id: from-file}",
                Map.of("VIGIL_KAFKA_BOOTSTRAP_SERVERS", "env:9092"));

        assertThat(c.kafka().bootstrapServers()).isEqualTo("env:9092");
        assertThat(c.kafka().applicationId()).isEqualTo("from-file");
    }

    @Test
    void listsAreCommaSeparated() {
        VigilConfig c = env(Map.of(
                "VIGIL_AGGREGATES_WINDOWS", "5m, 15m,1h",
                "VIGIL_AGGREGATES_BUCKETS_DURATION_SECONDS", "0.1,1,10"));

        assertThat(c.aggregates().windows())
                .containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1));
        assertThat(c.aggregates().buckets().durationSeconds()).containsExactly(0.1, 1.0, 10.0);
    }

    @Test
    void mapEntriesAreNamedBetweenTheMapAndTheField() {
        VigilConfig c = env(Map.of(
                "VIGIL_AGGREGATES_POOLS_GPU_CAPACITY", "8",
                "VIGIL_AGGREGATES_POOLS_BROWSER_CAPACITY", "50",
                "VIGIL_AGGREGATES_POOLS_BIG_GPU_CAPACITY", "2"));

        assertThat(c.aggregates().pools()).containsOnly(
                Map.entry("browser", new Pool(50)),
                Map.entry("gpu", new Pool(8)),
                Map.entry("big_gpu", new Pool(2)));
    }

    @Test
    void anExistingEntryIsFoundByItsEnvironmentSpelling() {
        VigilConfig c = env("aggregates: {model_prices: {gpt-4o: {input_per_mtok: 2.5, output_per_mtok: 10}}}", Map.of(
                "VIGIL_AGGREGATES_MODEL_PRICES_GPT_4O_INPUT_PER_MTOK", "3",
                "VIGIL_AGGREGATES_MODEL_PRICES_CLAUDE_INPUT_PER_MTOK", "3",
                "VIGIL_AGGREGATES_MODEL_PRICES_CLAUDE_OUTPUT_PER_MTOK", "15"));

        assertThat(c.aggregates().modelPrices()).containsOnly(
                Map.entry("gpt-4o", new ModelPrice(3, 10)),
                Map.entry("claude", new ModelPrice(3, 15)));
    }

    @Test
    void aNewEntryNeedsEveryField() {
        assertThatThrownBy(() -> env(Map.of("VIGIL_AGGREGATES_MODEL_PRICES_CLAUDE_INPUT_PER_MTOK", "3")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "VIGIL_AGGREGATES_MODEL_PRICES_CLAUDE_INPUT_PER_MTOK: "
                                + "aggregates.model_prices.claude.output_per_mtok: required"));
    }

    @Test
    void entriesJoinTheFilesMap() {
        VigilConfig c = env("aggregates: {pools: {gpu-large: {capacity: 4}}}", Map.of(
                "VIGIL_AGGREGATES_POOLS_GPU_LARGE_CAPACITY", "6",
                "VIGIL_AGGREGATES_POOLS_CPU_CAPACITY", "100"));

        assertThat(c.aggregates().pools()).containsExactly(
                Map.entry("gpu-large", new Pool(6)),
                Map.entry("cpu", new Pool(100)));
    }

    @Test
    void kafkaPropertiesAreLowerCasedWithDots() {
        VigilConfig c = env("kafka: {properties: {security.protocol: SSL}}", Map.of(
                "VIGIL_KAFKA_PROPERTIES_SASL_MECHANISM", "PLAIN",
                "VIGIL_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL",
                "VIGIL_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "org.example.Login required;"));

        assertThat(c.kafka().properties()).containsExactly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.jaas.config", "org.example.Login required;"),
                Map.entry("sasl.mechanism", "PLAIN"));
    }

    @Test
    void keysWithUnderscoresResolveByTheLongestMatch() {
        VigilConfig c = env(Map.of(
                "VIGIL_AGGREGATES_DEDUP_HORIZON", "1h",
                "VIGIL_AGGREGATES_BROWSER_POOL", "chrome",
                "VIGIL_OBSERVABILITY_TRACING_JAEGER_ENDPOINT", "http://jaeger:4318",
                "VIGIL_AGGREGATES_BUCKETS_CALL_LATENCY_SECONDS", "1,2"));

        assertThat(c.aggregates().dedupHorizon()).isEqualTo(Duration.ofHours(1));
        assertThat(c.aggregates().browserPool()).isEqualTo("chrome");
        assertThat(c.observability().tracing().jaegerEndpoint()).isEqualTo("http://jaeger:4318");
        assertThat(c.aggregates().buckets().callLatencySeconds()).containsExactly(1.0, 2.0);
    }

    private static java.util.List<String> ignored(Map<String, String> env) {
        ConfigLoader.Loaded loaded = ConfigLoader.loadReporting(null, env);
        // Ignored means ignored: start-up goes on with the configuration the other variables make.
        assertThat(loaded.config()).isEqualTo(ConfigLoader.defaults());
        return loaded.ignoredEnv().stream().map(ConfigLoader.IgnoredVariable::toString).toList();
    }

    @Test
    void anUnknownVariableIsIgnoredAndReportedWithADidYouMean() {
        assertThat(ignored(Map.of("VIGIL_AGGREGATES_GRASE", "5m")))
                .containsExactly("VIGIL_AGGREGATES_GRASE (did you mean VIGIL_AGGREGATES_GRACE?)");
        assertThat(ignored(Map.of("VIGIL_KAFKA_BOOTSTRAP_SERVER", "x:1")))
                .containsExactly("VIGIL_KAFKA_BOOTSTRAP_SERVER (did you mean VIGIL_KAFKA_BOOTSTRAP_SERVERS?)");
    }

    @Test
    void anUnknownVariableThatNamesNoKeyAtAllIsReported() {
        assertThat(ignored(Map.of(
                "VIGIL_DEBUG", "1",
                "VIGIL_KAFKA", "x",
                "VIGIL_AGGREGATES_POOLS_GPU", "8",
                "VIGIL_AGGREGATES_POOLS_GPU_SIZE", "8",
                "VIGIL_KAFKA_PROPERTIES", "x",
                "VIGIL_TOPICS_INPUT_", "x"))).containsExactly(
                "VIGIL_AGGREGATES_POOLS_GPU (a pool is set field by field: VIGIL_AGGREGATES_POOLS_<NAME>_CAPACITY)",
                "VIGIL_AGGREGATES_POOLS_GPU_SIZE (a pool is set field by field: "
                        + "VIGIL_AGGREGATES_POOLS_<NAME>_CAPACITY)",
                "VIGIL_DEBUG",
                "VIGIL_KAFKA",
                "VIGIL_KAFKA_PROPERTIES (a Kafka property is set as VIGIL_KAFKA_PROPERTIES_<NAME>, "
                        + "e.g. VIGIL_KAFKA_PROPERTIES_SASL_MECHANISM)",
                "VIGIL_TOPICS_INPUT_ (did you mean VIGIL_TOPICS_INPUT?)");
    }

    @Test
    void anIgnoredVariableDoesNotHideTheOverridesBesideIt() {
        ConfigLoader.Loaded loaded = ConfigLoader.loadReporting(null, Map.of(
                "VIGIL_AGGREGATES_GRASE", "5m",
                "VIGIL_AGGREGATES_GRACE", "7m"));
        assertThat(loaded.config().aggregates().grace()).isEqualTo(Duration.ofMinutes(7));
        assertThat(loaded.ignoredEnv()).extracting(ConfigLoader.IgnoredVariable::name)
                .containsExactly("VIGIL_AGGREGATES_GRASE");
    }

    @Test
    void theAllowListAndOtherVariablesAreIgnored() {
        VigilConfig c = env(Map.of(
                "VIGIL_HOME", "/opt/vigil",
                "VIGIL_OPTS", "-Xmx1g",
                "HOME", "/root",
                "KAFKA_BOOTSTRAP_SERVERS", "elsewhere:1"));

        assertThat(c).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.loadReporting(null, Map.of("VIGIL_HOME", "/opt/vigil", "VIGIL_OPTS", "-Xmx1g"))
                .ignoredEnv()).isEmpty();
        assertThat(ConfigLoader.NON_CONFIG_ENV).containsExactlyInAnyOrder("VIGIL_HOME", "VIGIL_OPTS");
    }

    @Test
    void valuesAreValidatedLikeTheFilesAndNameTheVariable() {
        assertThatThrownBy(() -> env(Map.of(
                "VIGIL_AGGREGATES_GRACE", "abc",
                "VIGIL_TOPICS_MAX_EVENT_BYTES", "0",
                "VIGIL_OBSERVABILITY_TRACING_ENABLED", "maybe",
                "VIGIL_AGGREGATES_WINDOWS", "")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactly(
                        "VIGIL_TOPICS_MAX_EVENT_BYTES: topics.max_event_bytes: must be > 0",
                        "VIGIL_AGGREGATES_GRACE: aggregates.grace: 'abc' is not a duration (e.g. 30s, 5m, 1h)",
                        "VIGIL_AGGREGATES_WINDOWS: aggregates.windows: must not be empty",
                        "VIGIL_OBSERVABILITY_TRACING_ENABLED: observability.tracing.enabled: "
                                + "'maybe' is not true or false"));
    }

    @Test
    void rulesCannotBeSetFromTheEnvironment() {
        assertThatThrownBy(() -> env(Map.of("VIGIL_ALERTS_RULES", "[]")))
                .hasMessageContaining("VIGIL_ALERTS_RULES: alerts.rules cannot be set from the environment");
    }

    @Test
    void lowerCaseNamesAfterThePrefixResolveToo() {
        assertThat(env(Map.of("VIGIL_topics_input", "in")).topics().input()).isEqualTo("in");
    }
}
