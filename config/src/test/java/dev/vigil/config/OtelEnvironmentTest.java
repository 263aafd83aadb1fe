package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.VigilConfig.Tracing;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The standard OTEL_* variables (OpenTelemetry specification, SDK environment variables and OTLP
 * exporter configuration), one test at least per variable, and their place between the defaults
 * and the file.
 */
class OtelEnvironmentTest {

    private static Tracing tracing(Map<String, String> env) {
        return ConfigLoader.load(null, env).observability().tracing();
    }

    private static Tracing tracing(String yaml, Map<String, String> env) {
        return ConfigLoader.fromYaml(yaml, env).observability().tracing();
    }

    private static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }

    @Test
    void withoutOtelVariablesTracingKeepsItsDefaults() {
        assertThat(tracing(Map.of("PATH", "/usr/bin"))).isEqualTo(ConfigLoader.defaults().observability().tracing());
    }

    // --- OTEL_EXPORTER_OTLP_ENDPOINT / _TRACES_ENDPOINT

    @Test
    void theGeneralEndpointGetsTheTracesPathAppendedAndTurnsOtlpExportOn() {
        Tracing t = tracing(env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"));

        assertThat(t.enabled()).isTrue();
        assertThat(t.exporter()).isEqualTo("otlp");
        assertThat(t.endpoint()).isEqualTo("http://collector:4318/v1/traces");
    }

    @Test
    void theGeneralEndpointsPathIsKeptAndTheTracesPathAppendedToIt() {
        assertThat(tracing(env("OTEL_EXPORTER_OTLP_ENDPOINT", "https://gw.example.com/otlp/")).endpoint())
                .isEqualTo("https://gw.example.com/otlp/v1/traces");
    }

    @Test
    void theTracesEndpointIsUsedAsItIsAndWinsOverTheGeneralOne() {
        Tracing t = tracing(env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://general:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom/path"));

        assertThat(t.enabled()).isTrue();
        assertThat(t.exporter()).isEqualTo("otlp");
        assertThat(t.endpoint()).isEqualTo("http://traces:4318/custom/path");
    }

    @Test
    void aMalformedEndpointIsReportedUnderItsVariable() {
        assertThatThrownBy(() -> tracing(env("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT: observability.tracing.endpoint");
    }

    // --- OTEL_EXPORTER_OTLP_HEADERS / _TRACES_HEADERS

    @Test
    void headersAreAKeyValueListWithUrlDecodedValues() {
        Tracing t = tracing(env("OTEL_EXPORTER_OTLP_HEADERS",
                "Authorization=Basic%20dXNlcjpwYXNz==, x-tenant = acme ,api-key=a+b%2Cc"));

        assertThat(t.headers()).containsExactly(
                Map.entry("Authorization", "Basic dXNlcjpwYXNz=="),
                Map.entry("x-tenant", "acme"),
                // A plus stays a plus: the list is percent-encoded, not a form.
                Map.entry("api-key", "a+b,c"));
        assertThat(t.enabled()).as("headers alone say nothing about where to send").isFalse();
    }

    @Test
    void theTracesHeadersReplaceTheGeneralOnes() {
        Tracing t = tracing(env("OTEL_EXPORTER_OTLP_HEADERS", "a=1,b=2", "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "c=3"));

        assertThat(t.headers()).containsExactly(Map.entry("c", "3"));
    }

    @Test
    void aHeadersListThatIsNotKeyValueIsReported() {
        assertThatThrownBy(() -> tracing(env("OTEL_EXPORTER_OTLP_HEADERS", "a=1,novalue")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS: 'novalue' is not key=value");
        assertThatThrownBy(() -> tracing(env("OTEL_EXPORTER_OTLP_HEADERS", "a=%zz")))
                .hasMessageContaining("OTEL_EXPORTER_OTLP_HEADERS: the value of 'a' has a malformed %-escape");
        assertThatThrownBy(() -> tracing(env("OTEL_EXPORTER_OTLP_HEADERS", "bad name=1")))
                .hasMessageContaining("'bad name' is not an HTTP header name");
    }

    // --- OTEL_EXPORTER_OTLP_PROTOCOL / _TRACES_PROTOCOL

    @Test
    void httpProtobufIsAcceptedAndOtherProtocolsStopStartUp() {
        assertThat(tracing(env("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318")).endpoint()).isEqualTo("http://c:4318/v1/traces");
        assertThatThrownBy(() -> tracing(env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' is not supported");
    }

    @Test
    void theTracesProtocolWinsOverTheGeneralOne() {
        assertThat(tracing(env("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")).exporter()).isEqualTo("none");
        assertThatThrownBy(() -> tracing(env("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json")))
                .hasMessageContaining("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' is not supported");
    }

    // --- OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES

    @Test
    void theServiceNameIsVigilByDefaultAndSetByOtelServiceName() {
        assertThat(tracing(Map.of()).serviceName()).isEqualTo("vigil");
        assertThat(tracing(env("OTEL_SERVICE_NAME", "vigil-eu")).serviceName()).isEqualTo("vigil-eu");
    }

    @Test
    void resourceAttributesAreAKeyValueListAndTheirServiceNameYieldsToOtelServiceName() {
        Tracing t = tracing(env("OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment.name=prod,service.name=from-attributes,k8s.pod.name=vigil-0,note=a%20b"));

        assertThat(t.resourceAttributes()).containsExactly(
                Map.entry("deployment.environment.name", "prod"),
                Map.entry("k8s.pod.name", "vigil-0"),
                Map.entry("note", "a b"));
        assertThat(t.serviceName()).isEqualTo("from-attributes");
        assertThat(tracing(env("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attributes",
                "OTEL_SERVICE_NAME", "from-variable")).serviceName()).isEqualTo("from-variable");
    }

    @Test
    void theFileMayNotSetServiceNameAsAResourceAttribute() {
        assertThatThrownBy(() -> tracing("observability: {tracing: {resource_attributes: {service.name: x}}}",
                Map.of()))
                .hasMessageContaining("set observability.tracing.service_name instead");
    }

    // --- OTEL_TRACES_EXPORTER

    @Test
    void theExporterVariableChoosesOtlpConsoleLoggingOrNone() {
        Tracing otlp = tracing(env("OTEL_TRACES_EXPORTER", "otlp"));
        assertThat(otlp.enabled()).isTrue();
        assertThat(otlp.exporter()).isEqualTo("otlp");
        assertThat(otlp.endpoint()).as("the specification's default").isEqualTo("http://localhost:4318/v1/traces");

        Tracing console = tracing(env("OTEL_TRACES_EXPORTER", "console"));
        assertThat(console.enabled()).isTrue();
        assertThat(console.exporter()).isEqualTo("logging");
        assertThat(tracing(env("OTEL_TRACES_EXPORTER", "logging")).exporter()).isEqualTo("logging");

        Tracing none = tracing(env("OTEL_TRACES_EXPORTER", "none", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"));
        assertThat(none.exporter()).isEqualTo("none");
        assertThat(none.enabled()).isFalse();
    }

    @Test
    void anExporterVigilHasNotIsReported() {
        assertThatThrownBy(() -> tracing(env("OTEL_TRACES_EXPORTER", "zipkin")))
                .hasMessageContaining("OTEL_TRACES_EXPORTER: 'zipkin' is not an exporter Vigil has");
        assertThatThrownBy(() -> tracing(env("OTEL_TRACES_EXPORTER", "otlp,console")))
                .hasMessageContaining("Vigil exports spans to one exporter");
    }

    // --- OTEL_SDK_DISABLED

    @Test
    void sdkDisabledTrueTurnsTracingOffWhateverElseTheVariablesSay() {
        Tracing t = tracing(env("OTEL_SDK_DISABLED", "TRUE", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"));
        assertThat(t.enabled()).isFalse();
        // Only "true" disables (the specification): anything else leaves tracing as it was.
        assertThat(tracing(env("OTEL_SDK_DISABLED", "false", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))
                .enabled()).isTrue();
        assertThat(tracing(env("OTEL_SDK_DISABLED", "yes please", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"))
                .enabled()).isTrue();
    }

    // --- OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG

    @Test
    void everyBuiltInSamplerMapsOntoSamplerAndSampleRate() {
        assertSampler("always_on", null, Tracing.RATIO, 1.0);
        assertSampler("always_off", null, Tracing.RATIO, 0.0);
        assertSampler("traceidratio", "0.25", Tracing.RATIO, 0.25);
        assertSampler("parentbased_always_on", null, Tracing.PARENT_BASED, 1.0);
        assertSampler("parentbased_always_off", null, Tracing.PARENT_BASED, 0.0);
        assertSampler("parentbased_traceidratio", "0.1", Tracing.PARENT_BASED, 0.1);
        // The ratio samplers' argument defaults to 1.0; the always_* samplers ignore it.
        assertSampler("traceidratio", null, Tracing.RATIO, 1.0);
        assertSampler("ALWAYS_OFF", "0.5", Tracing.RATIO, 0.0);
    }

    private static void assertSampler(String sampler, String arg, String expectedSampler, double expectedRate) {
        Map<String, String> env = env("OTEL_TRACES_SAMPLER", sampler);
        if (arg != null) {
            env.put("OTEL_TRACES_SAMPLER_ARG", arg);
        }
        Tracing t = tracing(env);
        assertThat(t.sampler()).as(sampler).isEqualTo(expectedSampler);
        assertThat(t.sampleRate()).as(sampler).isEqualTo(expectedRate);
        assertThat(t.parentBased()).isEqualTo(expectedSampler.equals(Tracing.PARENT_BASED));
    }

    @Test
    void theSamplerArgumentAloneSetsTheRatioOfVigilsDefaultSampler() {
        Tracing t = tracing(env("OTEL_TRACES_SAMPLER_ARG", "0.05"));
        assertThat(t.sampler()).isEqualTo(Tracing.PARENT_BASED);
        assertThat(t.sampleRate()).isEqualTo(0.05);
    }

    @Test
    void badSamplersAndArgumentsAreReportedUnderTheirVariable() {
        assertThatThrownBy(() -> tracing(env("OTEL_TRACES_SAMPLER", "jaeger_remote")))
                .hasMessageContaining("OTEL_TRACES_SAMPLER: 'jaeger_remote' is not a sampler Vigil has");
        assertThatThrownBy(() -> tracing(env("OTEL_TRACES_SAMPLER", "traceidratio", "OTEL_TRACES_SAMPLER_ARG", "2")))
                .hasMessageContaining("OTEL_TRACES_SAMPLER_ARG: observability.tracing.sample_rate");
    }

    // --- precedence

    @Test
    void aKeyTheFileSetsWinsOverTheOtelVariableAndTheOthersStillApply() {
        Tracing t = tracing("""
                observability:
                  tracing:
                    endpoint: http://from-file:4318
                    service_name: from-file
                    headers: {x-from: file}
                """, env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://from-env:4318",
                "OTEL_SERVICE_NAME", "from-env",
                "OTEL_EXPORTER_OTLP_HEADERS", "x-from=env,y=1",
                "OTEL_TRACES_SAMPLER_ARG", "0.5"));

        assertThat(t.endpoint()).isEqualTo("http://from-file:4318");
        assertThat(t.serviceName()).isEqualTo("from-file");
        // A map set in the file replaces the variable's whole, as it replaces a default.
        assertThat(t.headers()).containsExactly(Map.entry("x-from", "file"));
        assertThat(t.enabled()).as("set by the endpoint variable, not by the file").isTrue();
        assertThat(t.sampleRate()).isEqualTo(0.5);
    }

    @Test
    void aFileThatTurnsTracingOffWinsOverAnEndpointVariable() {
        Tracing t = tracing("observability: {tracing: {enabled: false}}",
                env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"));
        assertThat(t.enabled()).isFalse();
    }

    @Test
    void aVigilVariableWinsOverTheOtelVariable() {
        Tracing t = tracing(env("OTEL_SERVICE_NAME", "from-otel",
                "VIGIL_OBSERVABILITY_TRACING_SERVICE_NAME", "from-vigil",
                "OTEL_TRACES_SAMPLER", "always_off",
                "VIGIL_OBSERVABILITY_TRACING_SAMPLE_RATE", "0.75"));

        assertThat(t.serviceName()).isEqualTo("from-vigil");
        assertThat(t.sampleRate()).isEqualTo(0.75);
        assertThat(t.sampler()).isEqualTo(Tracing.RATIO);
    }

    @Test
    void emptyVariablesCountAsUnset() {
        assertThat(tracing(env("OTEL_SERVICE_NAME", "", "OTEL_EXPORTER_OTLP_ENDPOINT", " ", "OTEL_TRACES_SAMPLER", "")))
                .isEqualTo(ConfigLoader.defaults().observability().tracing());
    }

    @Test
    void checkConfigsYamlHidesHeaderValuesAndStillLoads() {
        VigilConfig c = ConfigLoader.load(null, env("OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20s3cr3t"));
        String shown = ConfigRenderer.toYamlHidingSecrets(c);

        assertThat(shown).doesNotContain("s3cr3t").contains(ConfigRenderer.HIDDEN);
        assertThat(ConfigLoader.fromYaml(shown, Map.of()).observability().tracing().headers())
                .containsEntry("Authorization", ConfigRenderer.HIDDEN);
        assertThat(ConfigRenderer.toYaml(c)).contains("s3cr3t");
    }
}
