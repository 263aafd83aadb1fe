package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --tracing-sample-rates: what each drain runs with, and the sink that takes the real export. */
class TracingRunsTest {
    @Test
    void ratesKeepTheirOrderAndBecomeValidTracingConfiguration() {
        TracingRuns runs = TracingRuns.parse(List.of("off", "1.0", " 0.01"));
        assertThat(runs.rates()).extracting(TracingRuns.Rate::label).containsExactly("off", "1.0", "0.01");
        assertThat(runs.rates()).extracting(TracingRuns.Rate::suffix).containsExactly("", "_trace_1.0", "_trace_0.01");
        assertThat(runs.rates().get(0).yaml("http://127.0.0.1:1")).isEmpty();

        VigilConfig config = ConfigLoader.fromYaml(runs.rates().get(2).yaml("http://127.0.0.1:4318"), Map.of());
        VigilConfig.Tracing tracing = config.observability().tracing();
        assertThat(tracing.enabled()).isTrue();
        assertThat(tracing.exporter()).isEqualTo("otlp");
        assertThat(tracing.endpoint()).isEqualTo("http://127.0.0.1:4318");
        assertThat(tracing.sampleRate()).isEqualTo(0.01);
    }

    @Test
    void aSettingListedAgainIsDrainedAgainUnderItsOwnName() {
        TracingRuns runs = TracingRuns.parse(List.of("off", "1.0", "0.01", "0.01", "1.0", "off"));
        assertThat(runs.rates()).extracting(TracingRuns.Rate::suffix).containsExactly(
                "", "_trace_1.0", "_trace_0.01", "_trace_0.01_run2", "_trace_1.0_run2", "_off_run2");
    }

    @Test
    void withoutTheOptionEachPhaseDrainsOnceUntraced() {
        assertThat(TracingRuns.parse(List.of()).rates()).singleElement().satisfies(r -> assertThat(r.off()).isTrue());
    }

    @Test
    void badListsAreRefused() {
        assertThatThrownBy(() -> TracingRuns.parse(List.of("1.0"))).hasMessageContaining("include off");
        assertThatThrownBy(() -> TracingRuns.parse(List.of("off", "2"))).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> TracingRuns.parse(List.of("off", "all"))).hasMessageContaining("neither off");
    }

    @Test
    void theSinkTakesRealOtlpExports() {
        try (TracingRuns runs = TracingRuns.parse(List.of("off", "1.0"));
             SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(
                     OtlpHttpSpanExporter.builder().setEndpoint(runs.sink().endpoint() + "/v1/traces").build()))
                     .build()) {
            provider.get("test").spanBuilder("process").setSpanKind(SpanKind.CONSUMER).startSpan().end();
            assertThat(provider.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess())
                    .as("the sink answered the export").isTrue();
            assertThat(runs.sink().requests()).isEqualTo(1);
            assertThat(runs.sink().bytes()).isGreaterThan(20);
        }
    }
}
