package dev.vigil.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The aggregates' own writer says exactly what the Prometheus client's writers say, in both formats. */
class AggregatesExpositionTest {
    private static final List<String> VALUES = List.of("planner", "a\"quoted\"", "back\\slash", "new\nline",
            "café", "雲", "🚀 rocket", "", "z-last", "with space");
    private static final double[] NUMBERS = {0.0, -0.0, 1.0, 1.5, 42.0, 9_999_999.0, 123.0, 1e7, 1e7 + 1, 12345678.9, 1e-7, 0.1 + 0.2,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -3.25, 9.007199254740993E15};
    /** Counters and histogram sums are never negative (the client refuses them). */
    private static final double[] NON_NEGATIVE = java.util.Arrays.stream(NUMBERS)
            .filter(d -> !(d < 0) && !(d == 0 && 1 / d < 0)).toArray();
    private static final List<Double> BOUNDS = List.of(0.005, 0.01, 0.1, 1.0, 2.5, 10.0, 300.0, 1e7);

    @ParameterizedTest
    @EnumSource(AggregatesExposition.Format.class)
    void writesEveryFamilyAsThePrometheusClientDoes(AggregatesExposition.Format format) throws IOException {
        for (long seed = 1; seed <= 20; seed++) {
            List<MetricFamilySnapshot> families = families(new SplittableRandom(seed));
            assertThat(ours(families, format)).as("seed %d", seed).isEqualTo(clients(families, format));
        }
    }

    /** Every catalogue metric with samples of random label values and numbers, families sorted by name as the client sorts them. */
    private static List<MetricFamilySnapshot> families(SplittableRandom random) {
        List<MetricFamilySnapshot> families = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            int n = random.nextInt(4);
            List<MetricSample> samples = new ArrayList<>();
            java.util.Set<List<String>> seen = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                List<String> labels = new ArrayList<>();
                for (int l = 0; l < metric.labelNames().size(); l++) {
                    labels.add(VALUES.get(random.nextInt(VALUES.size())));
                }
                if (!seen.add(labels)) {
                    continue;
                }
                if (metric.type().exposition() == MetricType.Exposition.HISTOGRAM) {
                    List<Long> cumulative = new ArrayList<>();
                    long c = 0;
                    for (int b = 0; b < BOUNDS.size(); b++) {
                        c += random.nextInt(1000);
                        cumulative.add(c);
                    }
                    samples.add(new MetricSample.HistogramValue(labels, BOUNDS, cumulative,
                            NON_NEGATIVE[random.nextInt(NON_NEGATIVE.length)], c + random.nextInt(5)));
                } else {
                    double[] numbers = metric.type().exposition() == MetricType.Exposition.COUNTER ? NON_NEGATIVE : NUMBERS;
                    samples.add(new MetricSample.Value(labels, numbers[random.nextInt(numbers.length)]));
                }
            }
            samples.sort((a, b) -> String.join("\u0000", a.labelValues()).compareTo(String.join("\u0000", b.labelValues())));
            families.add(new MetricFamilySnapshot(metric, samples));
        }
        families.sort((a, b) -> a.familyName().compareTo(b.familyName()));
        return families;
    }

    private static String ours(List<MetricFamilySnapshot> families, AggregatesExposition.Format format)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AggregatesExposition.write(families, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String clients(List<MetricFamilySnapshot> families, AggregatesExposition.Format format)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (format == AggregatesExposition.Format.TEXT) {
            PrometheusTextFormatWriter.create().write(out, AggregatesCollector.toSnapshots(families));
            return out.toString(StandardCharsets.UTF_8);
        }
        OpenMetricsTextFormatWriter.create().write(out, AggregatesCollector.toSnapshots(families));
        String page = out.toString(StandardCharsets.UTF_8);
        assertThat(page).endsWith("# EOF\n");
        return page.substring(0, page.length() - "# EOF\n".length());
    }
}
