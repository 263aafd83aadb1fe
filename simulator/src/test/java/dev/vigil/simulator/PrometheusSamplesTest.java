package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Sample keys and their formatting, pinned against the Prometheus Java client (prometheus-metrics 1.7, the one
 * Vigil serves {@code /metrics} with): the truth of a generated run, rendered by the client's own text writers and
 * scraped back, gives exactly the truth.
 */
class PrometheusSamplesTest {

    @Test
    void keysSortLabelsAndEscapeValues() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("model_name", "gpt-4o");
        labels.put("le", "0.08");
        labels.put("agent_name", "a\"b\\c\nd");
        assertThat(PrometheusSamples.key("agent_call_latency_seconds_bucket", labels)).isEqualTo(
                "agent_call_latency_seconds_bucket{agent_name=\"a\\\"b\\\\c\\nd\",le=\"0.08\",model_name=\"gpt-4o\"}");
        assertThat(PrometheusSamples.key("active_tasks", Map.of())).isEqualTo("active_tasks");
        assertThat(PrometheusSamples.labels(PrometheusSamples.key("x", labels))).isEqualTo(new TreeMap<>(labels));
        assertThat(PrometheusSamples.name("x_bucket{le=\"1.0\"}")).isEqualTo("x_bucket");
    }

    @Test
    void bucketBoundsAreWrittenAsJavaDoubles() {
        assertThat(PrometheusSamples.le(0.01)).isEqualTo("0.01");
        assertThat(PrometheusSamples.le(0.08)).isEqualTo("0.08");
        assertThat(PrometheusSamples.le(81.92)).isEqualTo("81.92");
        assertThat(PrometheusSamples.le(1)).isEqualTo("1.0");
        assertThat(PrometheusSamples.le(3600)).isEqualTo("3600.0");
        assertThat(PrometheusSamples.le(1e-4)).isEqualTo("1.0E-4");
        assertThat(PrometheusSamples.le(1e7)).isEqualTo("1.0E7");
        assertThat(PrometheusSamples.le(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void parsesAnExpositionIntoSampleKeys() {
        String text = """
                # HELP task_total tasks
                # TYPE task_total counter
                task_total{status="submitted"} 3.0
                active_tasks 0.0
                h_bucket{pool="browser",le="+Inf"} 2 1712345678000
                h_bucket{le="1.0E-4",pool="browser"} 1
                odd{a="x\\"y\\\\z\\nw",b="q"} 1.5E21 # {trace_id="abc"} 1.0
                nan NaN
                # EOF
                """;
        assertThat(PrometheusSamples.parse(text)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "task_total{status=\"submitted\"}", 3.0,
                "active_tasks", 0.0,
                "h_bucket{le=\"+Inf\",pool=\"browser\"}", 2.0,
                "h_bucket{le=\"1.0E-4\",pool=\"browser\"}", 1.0,
                "odd{a=\"x\\\"y\\\\z\\nw\",b=\"q\"}", 1.5e21,
                "nan", Double.NaN));
        assertThatThrownBy(() -> PrometheusSamples.parse("x{a=\"1\" 2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusSamples.parse("x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void differencesUseARelativeTolerance() {
        Map<String, Double> expected = Map.of("a", 0.1 + 0.2, "b", 1.0, "c", 0.0, "d", 2.0);
        Map<String, Double> actual = Map.of("a", 0.3, "b", 1.0 + 1e-6, "c", 1e-13, "e", 1.0);
        assertThat(PrometheusSamples.differences(expected, actual)).containsExactly(
                "differs    b: expected 1.0, got 1.000001",
                "missing    d (expected 2.0)",
                "unexpected e = 1.0");
        assertThat(PrometheusSamples.close(1e9, 1e9 + 0.5)).isTrue();
        assertThat(PrometheusSamples.close(1e9, 1e9 + 2)).isFalse();
    }

    @Test
    void theTruthRenderedByThePrometheusClientScrapesBackExactly() throws Exception {
        List<SimRecord> records = EventGenerator.generate(3L, GeneratorOptions.defaults(), 10_000);
        Map<String, Double> truth = MetricsOracle.compute(TruthSettings.defaults(2), records);
        MetricSnapshots snapshots = snapshots(truth);
        for (ExpositionFormatWriter writer : List.of(PrometheusTextFormatWriter.create(),
                OpenMetricsTextFormatWriter.create())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            writer.write(out, snapshots);
            String page = out.toString(StandardCharsets.UTF_8);
            Map<String, Double> scraped = PrometheusSamples.select(PrometheusSamples.parse(page),
                    MetricsOracle.FAMILIES);
            assertThat(PrometheusSamples.differences(truth, scraped)).as(writer.getContentType()).isEmpty();
            assertThat(scraped).isEqualTo(truth);
            if (writer instanceof PrometheusTextFormatWriter) {
                // As the client writes them: le last, bounds as Java doubles, counters with _total.
                assertThat(page).contains("agent_call_latency_seconds_bucket{agent_name=\"planner\","
                        + "model_name=\"gpt-4o\",le=\"0.08\"} ", "task_duration_seconds_bucket{status=\"succeeded\","
                        + "le=\"3600.0\"} ", "task_total{status=\"submitted\"} ", "# TYPE model_cost_usd_total counter");
            }
        }
    }

    /** The samples of the truth as client snapshots, one per family, the way an exporter would build them. */
    private static MetricSnapshots snapshots(Map<String, Double> truth) {
        List<MetricSnapshot> out = new ArrayList<>();
        MetricsOracle.FAMILY_TYPES.forEach((family, type) -> {
            Map<String, Double> samples = PrometheusSamples.select(truth, List.of(family));
            switch (type) {
                case "counter" -> {
                    CounterSnapshot.Builder b = CounterSnapshot.builder()
                            .name(family.substring(0, family.length() - "_total".length()));
                    samples.forEach((k, v) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .labels(labels(PrometheusSamples.labels(k))).value(v).build()));
                    out.add(b.build());
                }
                case "gauge" -> {
                    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family);
                    samples.forEach((k, v) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .labels(labels(PrometheusSamples.labels(k))).value(v).build()));
                    out.add(b.build());
                }
                default -> {
                    // Per series (labels without le): bounds in order with cumulative counts, and the sum.
                    Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
                    Map<Map<String, String>, Double> sums = new LinkedHashMap<>();
                    samples.forEach((k, v) -> {
                        Map<String, String> l = PrometheusSamples.labels(k);
                        if (PrometheusSamples.name(k).endsWith("_bucket")) {
                            String le = l.remove("le");
                            buckets.computeIfAbsent(l, x -> new TreeMap<>()).put(
                                    le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), v);
                        } else if (PrometheusSamples.name(k).endsWith("_sum")) {
                            sums.put(l, v);
                        }
                    });
                    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(family);
                    buckets.forEach((l, cumulative) -> {
                        double[] bounds = new double[cumulative.size()];
                        long[] counts = new long[cumulative.size()];
                        int i = 0;
                        double previous = 0;
                        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
                            bounds[i] = e.getKey();
                            counts[i++] = (long) (e.getValue() - previous);
                            previous = e.getValue();
                        }
                        b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels(l))
                                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
                                .sum(sums.get(l)).build());
                    });
                    out.add(b.build());
                }
            }
        });
        return new MetricSnapshots(out);
    }

    private static Labels labels(Map<String, String> l) {
        return Labels.of(new ArrayList<>(l.keySet()), new ArrayList<>(l.values()));
    }
}
