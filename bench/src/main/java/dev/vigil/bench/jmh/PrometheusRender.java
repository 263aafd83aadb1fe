package dev.vigil.bench.jmh;

import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;

/**
 * Rendered families to the Prometheus client's snapshot model, the step between
 * {@code MetricsSnapshotter} and the text writer that the app's {@code AggregatesCollector} takes
 * (that class needs a running Kafka Streams, so the benchmark does the same conversion here).
 */
final class PrometheusRender {
    private PrometheusRender() {
    }

    static MetricSnapshots toSnapshots(List<MetricFamilySnapshot> families) {
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        for (MetricFamilySnapshot family : families) {
            if (!family.samples().isEmpty()) {
                out.add(toSnapshot(family));
            }
        }
        return new MetricSnapshots(out);
    }

    private static MetricSnapshot toSnapshot(MetricFamilySnapshot family) {
        String[] names = family.labelNames().toArray(String[]::new);
        switch (family.type()) {
            case COUNTER -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(family.familyName()).help(family.help());
                for (MetricSample s : family.samples()) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .value(((MetricSample.Value) s).value()).labels(labels(names, s)).build());
                }
                return b.build();
            }
            case HISTOGRAM -> {
                HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(family.familyName()).help(family.help());
                for (MetricSample s : family.samples()) {
                    MetricSample.HistogramValue h = (MetricSample.HistogramValue) s;
                    b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(buckets(h)).sum(h.sum()).labels(labels(names, s)).build());
                }
                return b.build();
            }
            default -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family.familyName()).help(family.help());
                for (MetricSample s : family.samples()) {
                    b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .value(((MetricSample.Value) s).value()).labels(labels(names, s)).build());
                }
                return b.build();
            }
        }
    }

    /** Per-bucket counts ending with +Inf, from the snapshot's cumulative ones. */
    private static ClassicHistogramBuckets buckets(MetricSample.HistogramValue h) {
        int n = h.upperBounds().size();
        double[] bounds = new double[n + 1];
        long[] counts = new long[n + 1];
        long previous = 0;
        for (int i = 0; i < n; i++) {
            bounds[i] = h.upperBounds().get(i);
            long cumulative = h.cumulativeCounts().get(i);
            counts[i] = cumulative - previous;
            previous = cumulative;
        }
        bounds[n] = Double.POSITIVE_INFINITY;
        counts[n] = h.count() - previous;
        return ClassicHistogramBuckets.of(bounds, counts);
    }

    private static Labels labels(String[] names, MetricSample sample) {
        return names.length == 0 ? Labels.EMPTY : Labels.of(names, sample.labelValues().toArray(String[]::new));
    }
}
