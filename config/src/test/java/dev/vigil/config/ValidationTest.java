package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each rule of the brief with its message; every message names the full key path. */
class ValidationTest {
    @TempDir
    Path dir;

    /** The problems found in this YAML (no environment). */
    private static List<String> errors(String yaml) {
        try {
            ConfigLoader.fromYaml(yaml, Map.of());
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("no error for:\n" + yaml);
    }

    @Test
    void unknownKeysSuggestTheClosestKnownOne() {
        assertThat(errors("""
                aggregates:
                  grase: 5m
                """)).containsExactly("line 2: unknown key 'aggregates.grase' (did you mean 'aggregates.grace'?)");
        assertThat(errors("kafak: {}\n"))
                .containsExactly("line 1: unknown key 'kafak' (did you mean 'kafka'?)");
        assertThat(errors("observability: {tracing: {sample_ratio: 0.5}}\n")).containsExactly(
                "line 1: unknown key 'observability.tracing.sample_ratio' "
                        + "(did you mean 'observability.tracing.sample_rate'?)");
        assertThat(errors("kafka: {bootstrapServers: 'x:1'}\n")).containsExactly(
                "line 1: unknown key 'kafka.bootstrapServers' (did you mean 'kafka.bootstrap_servers'?)");
    }

    @Test
    void unknownKeysInsideMapEntriesAreFound() {
        assertThat(errors("""
                aggregates:
                  pools:
                    gpu:
                      capasity: 8
                """)).containsExactly(
                "line 4: unknown key 'aggregates.pools.gpu.capasity' (did you mean 'aggregates.pools.gpu.capacity'?)",
                "line 3: aggregates.pools.gpu.capacity: required");
        assertThat(errors("aggregates: {model_prices: {gpt-4.1: {input_per_mtok: 2, output_per_mtok: 8, cached: 1}}}"))
                .containsExactly("line 1: unknown key 'aggregates.model_prices.\"gpt-4.1\".cached' (valid keys in "
                        + "aggregates.model_prices.\"gpt-4.1\": input_per_mtok, output_per_mtok, cached_input_per_mtok)");
    }

    @Test
    void aKeyInTheWrongSectionIsPointedToItsPlace() {
        assertThat(errors("grace: 5m\n"))
                .containsExactly("line 1: unknown key 'grace' (did you mean 'aggregates.grace'?)");
        assertThat(errors("kafka: {input: x}\n"))
                .containsExactly("line 1: unknown key 'kafka.input' (did you mean 'topics.input'?)");
    }

    @Test
    void anUnknownKeyWithNothingCloseListsTheValidOnes() {
        assertThat(errors("topics: {zzzzzz: 1}\n")).containsExactly(
                "line 1: unknown key 'topics.zzzzzz' (valid keys in topics: input, alerts, dlq, max_event_bytes, "
                        + "input_keyed_by_entity)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            aggregates: {grace: abc}                | aggregates.grace: 'abc' is not a duration (e.g. 30s, 5m, 1h)
            aggregates: {grace: 300}                | aggregates.grace: '300' is not a duration (e.g. 30s, 5m, 1h): a bare number is ambiguous, add a unit
            aggregates: {grace: -5m}                | aggregates.grace: '-5m' is not a duration (e.g. 30s, 5m, 1h)
            aggregates: {grace: }                   | aggregates.grace: has no value (leave the key out for the default)
            aggregates: {dedup_horizon: 0s}         | aggregates.dedup_horizon: must be > 0
            aggregates: {windows: []}               | aggregates.windows: must not be empty
            aggregates: {windows: 5m}               | aggregates.windows: must be a list (e.g. [5m, 1h]), not a single value
            aggregates: {windows: [5m, 0s]}         | aggregates.windows[1]: must be > 0
            aggregates: {windows: [5m, 300s]}       | aggregates.windows: 5m is listed twice; windows must be distinct
            aggregates: {windows: [5m, x]}          | aggregates.windows[1]: 'x' is not a duration (e.g. 30s, 5m, 1h)
            aggregates: {browser_pool: ''}          | aggregates.browser_pool: must not be empty
            aggregates: {max_series_per_metric: 0}  | aggregates.max_series_per_metric: must be > 0
            aggregates: {max_series_per_metric: 1.5}| aggregates.max_series_per_metric: '1.5' is not an integer
            aggregates: {pools: {gpu: {capacity: -1}}} | aggregates.pools.gpu.capacity: must be >= 0
            aggregates: {pools: {gpu: 3}}           | aggregates.pools.gpu: must be a mapping (capacity), not a single value
            aggregates: {pools: [gpu]}              | aggregates.pools: must be a mapping of names to capacity, not a list
            aggregates: {model_prices: {m: {input_per_mtok: -1, output_per_mtok: 1}}} | aggregates.model_prices.m.input_per_mtok: must be >= 0
            aggregates: {model_prices: {m: {input_per_mtok: .inf, output_per_mtok: 1}}} | aggregates.model_prices.m.input_per_mtok: must be finite, not .inf
            aggregates: {model_prices: {m: {input_per_mtok: .nan, output_per_mtok: 1}}} | aggregates.model_prices.m.input_per_mtok: must be finite, not .nan
            aggregates: {model_prices: {m: {input_per_mtok: cheap, output_per_mtok: 1}}} | aggregates.model_prices.m.input_per_mtok: 'cheap' is not a number
            aggregates: {buckets: {duration_seconds: []}} | aggregates.buckets.duration_seconds: must not be empty
            aggregates: {buckets: {duration_seconds: [1, 0.5]}} | aggregates.buckets.duration_seconds: must be strictly increasing (0.5 follows 1.0)
            aggregates: {buckets: {duration_seconds: [1, 1]}} | aggregates.buckets.duration_seconds: must be strictly increasing (1.0 follows 1.0)
            aggregates: {buckets: {call_latency_seconds: [0, 1]}} | aggregates.buckets.call_latency_seconds[0]: must be > 0
            kafka: {processing_guarantee: exactly_once} | kafka.processing_guarantee: 'exactly_once' is not one of exactly_once_v2, at_least_once
            kafka: {bootstrap_servers: ''}          | kafka.bootstrap_servers: must not be empty
            kafka: {bootstrap_servers: localhost}   | kafka.bootstrap_servers: 'localhost' is not host:port (e.g. localhost:9092; several separated by commas)
            kafka: {application_id: 'my app'}       | kafka.application_id: 'my app' may contain only ASCII letters, digits, '.', '_' and '-' (it prefixes internal topic names)
            kafka: {properties: {linger.ms: [1]}}   | kafka.properties."linger.ms": must be a single value (string, number or boolean), not a list
            kafka: {properties: {linger.ms: }}      | kafka.properties."linger.ms": must be a single value (string, number or boolean), not empty (null)
            kafka: {properties: {bootstrap.servers: 'x:1'}} | kafka.properties."bootstrap.servers": set kafka.bootstrap_servers instead
            kafka: {properties: [a]}                | kafka.properties: must be a mapping of Kafka client properties, not a list
            topics: {max_event_bytes: 0}            | topics.max_event_bytes: must be > 0
            kafka: {rocksdb: {block_cache_bytes: 1000}} | kafka.rocksdb.block_cache_bytes: must be >= 1048576
            kafka: {rocksdb: {block_cache_bytes: automatic}} | kafka.rocksdb.block_cache_bytes: 'automatic' is neither auto nor an integer
            kafka: {rocksdb: {block_cache_bytes: 2097152, write_buffer_bytes: 4194304}} | kafka.rocksdb.write_buffer_bytes: must be <= kafka.rocksdb.block_cache_bytes (2097152): write buffers are charged to the block cache
            topics: {max_event_bytes: 4294967296}   | topics.max_event_bytes: must be <= 2147483647
            topics: {max_event_bytes: lots}         | topics.max_event_bytes: 'lots' is not an integer
            topics: {input: 'agent events'}         | topics.input: 'agent events' is not a valid Kafka topic name (only ASCII letters, digits, '.', '_' and '-')
            topics: {input: '..'}                   | topics.input: '..' is not a valid Kafka topic name
            topics: {input: ''}                     | topics.input: must not be empty
            topics: {dlq: agent-events}             | topics.dlq: 'agent-events' is also topics.input; topics.input, topics.alerts and topics.dlq must be distinct
            topics: {input: a.b, alerts: a_b}       | topics.alerts: 'a_b' collides with topics.input 'a.b' (Kafka treats '.' and '_' alike in metric names)
            alerts: {rules: {name: x}}              | alerts.rules: must be a list of rules (use [] for none), not a mapping
            alerts: {rules: }                       | alerts.rules: must be a list of rules (use [] for none), not empty (null)
            alerts: {rules: [x]}                    | alerts.rules[0]: must be a mapping (name: ..., metric: ...), not a single value
            observability: {tracing: {sample_rate: 1.5}} | observability.tracing.sample_rate: must be between 0 and 1
            observability: {tracing: {sample_rate: -0.1}} | observability.tracing.sample_rate: must be between 0 and 1
            observability: {tracing: {exporter: zipkin}} | observability.tracing.exporter: 'zipkin' is not one of otlp, jaeger, logging, none
            observability: {tracing: {exporter: otlp}} | observability.tracing.endpoint: required when observability.tracing.exporter is otlp
            observability: {tracing: {exporter: jaeger}} | observability.tracing.jaeger_endpoint: required when observability.tracing.exporter is jaeger
            observability: {tracing: {endpoint: 'otel:4317'}} | observability.tracing.endpoint: 'otel:4317' is not an http(s) URL (e.g. http://host:port/path)
            observability: {tracing: {endpoint: 'ftp://otel/x'}} | observability.tracing.endpoint: 'ftp://otel/x' is not an http(s) URL (e.g. http://host:port/path)
            observability: {tracing: {enabled: maybe}} | observability.tracing.enabled: 'maybe' is not true or false
            observability: {tracing: {ui_url: 'http://jaeger:16686/trace/'}} | observability.tracing.ui_url: 'http://jaeger:16686/trace/' has no {trace_id} placeholder (e.g. http://localhost:16686/trace/{trace_id})
            observability: {tracing: {ui_url: 'jaeger/{trace_id}'}} | observability.tracing.ui_url: 'jaeger/{trace_id}' is not an http(s) URL (e.g. http://localhost:16686/trace/{trace_id})
            observability: {metrics: {prometheus_port: 65536}} | observability.metrics.prometheus_port: must be between 0 and 65535
            observability: {metrics: {prometheus_port: -1}} | observability.metrics.prometheus_port: must be between 0 and 65535
            observability: {metrics: {exporter: statsd}} | observability.metrics.exporter: 'statsd' is not one of prometheus
            observability: {logging: {format: xml}} | observability.logging.format: 'xml' is not one of json, text
            observability: {logging: {level: verbose}} | observability.logging.level: 'verbose' is not one of TRACE, DEBUG, INFO, WARN, ERROR (any case)
            observability: {logging: {exporter: loki}} | observability.logging.loki_url: required when observability.logging.exporter is loki
            observability: {logging: {exporter: file}} | observability.logging.exporter: 'file' is not one of stdout, loki
            observability: {logging: {loki_url: 'loki:3100'}} | observability.logging.loki_url: 'loki:3100' is not an http(s) URL (e.g. http://host:port/path)
            observability: {logging: []}            | observability.logging: must be a mapping (key: value), not a list
            """)
    void eachBadValueIsReportedWithItsKey(String yaml, String message) {
        assertThat(errors(yaml)).containsExactly("line 1: " + message);
    }

    @Test
    void everyProblemIsReportedAtOnceUnderALineNamingTheFile() throws IOException {
        Path file = dir.resolve("vigil.yaml");
        Files.writeString(file, """
                kafka:
                  processing_guarantee: exactly_once
                topics:
                  max_event_bytes: 0
                aggregates:
                  grase: 5m
                  grace: abc
                observability:
                  metrics:
                    prometheus_port: 99999
                """);

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of("VIGIL_TOPICS_INPUTT", "x")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage().lines().toList()).containsExactly(
                            "invalid configuration (" + file + "): 5 problems",
                            "  line 6: unknown key 'aggregates.grase' (did you mean 'aggregates.grace'?)",
                            "  line 2: kafka.processing_guarantee: 'exactly_once' is not one of exactly_once_v2, "
                                    + "at_least_once",
                            "  line 4: topics.max_event_bytes: must be > 0",
                            "  line 7: aggregates.grace: 'abc' is not a duration (e.g. 30s, 5m, 1h)",
                            "  line 10: observability.metrics.prometheus_port: must be between 0 and 65535");
                    assertThat(e.errors()).hasSize(5);
                });
    }

    @Test
    void withoutAFileTheFirstLineSaysSo() {
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("VIGIL_AGGREGATES_GRACE", "x")))
                .hasMessageStartingWith("invalid configuration (defaults and environment): 1 problem\n"
                        + "  VIGIL_AGGREGATES_GRACE: aggregates.grace: 'x' is not a duration");
    }

    @Test
    void theExporterRequirementsHoldWhetherOrNotEnabled() {
        assertThat(errors("observability: {tracing: {enabled: true, exporter: otlp}}"))
                .containsExactly("line 1: observability.tracing.endpoint: required when "
                        + "observability.tracing.exporter is otlp");
        assertThat(ConfigLoader.fromYaml("observability: {tracing: {exporter: otlp, endpoint: 'http://c:4318'}}",
                Map.of()).observability().tracing().endpoint()).isEqualTo("http://c:4318");
    }

    @Test
    void emptyMapsAndBoundaryValuesAreAccepted() {
        VigilConfig c = ConfigLoader.fromYaml("""
                aggregates:
                  grace: 0s
                  pools: {}
                  model_prices:
                  max_series_per_metric: 1
                  pools_ignored_by_nothing_else: null
                """.replace("  pools_ignored_by_nothing_else: null\n", ""), Map.of());
        assertThat(c.aggregates().grace()).isZero();
        assertThat(c.aggregates().pools()).isEmpty();
        assertThat(c.aggregates().modelPrices()).isEmpty();
        assertThat(c.aggregates().maxSeriesPerMetric()).isEqualTo(1);
    }
}
