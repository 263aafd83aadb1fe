package dev.vigil.app.metrics;

import java.io.IOException;
import java.io.OutputStream;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.aggregates.render.MetricsSnapshotter;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.app.cluster.KeyRouter;
import dev.vigil.topology.StoreNames;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders every metric of docs/metrics.md at scrape time from the {@link StoreNames#SERIES} store of
 * the active tasks this instance owns. The store holds one entry per series, so a scrape costs the
 * number of series, never the number of events.
 */
public final class AggregatesCollector implements MultiCollector {
    private final StoreReader stores;
    private final KeyRouter router;
    private final MetricsSnapshotter snapshotter;
    private final AggregatesPage page;

    public AggregatesCollector(StoreReader stores, KeyRouter router, AggregatesSettings settings) {
        this.stores = stores;
        this.router = router;
        this.snapshotter = new MetricsSnapshotter(settings);
        this.page = new AggregatesPage(settings);
    }

    /**
     * Writes the families of this instance for {@code /metrics}: the bytes {@link AggregatesExposition}
     * writes for {@link #families()}, from a page that keeps unchanged series' lines between scrapes.
     */
    public void writePage(AggregatesExposition.Format format, OutputStream out) throws IOException {
        Set<MetricGroup> owned = ownedGroups();
        if (owned.isEmpty()) {
            return;
        }
        page.write(visitor -> stores.<SeriesValue>forEach(StoreNames.SERIES, visitor), owned, format, out);
    }

    /** The metric groups whose series-stage partition this instance owns right now. */
    public Set<MetricGroup> ownedGroups() {
        Set<MetricGroup> owned = EnumSet.noneOf(MetricGroup.class);
        for (MetricGroup group : MetricGroup.values()) {
            if (router.routeGroup(group) instanceof KeyRouter.Local) {
                owned.add(group);
            }
        }
        return owned;
    }

    /** The rendered families of this instance (also used by the aggregates API). */
    public List<MetricFamilySnapshot> families() {
        Set<MetricGroup> owned = ownedGroups();
        if (owned.isEmpty()) {
            return List.of();
        }
        List<Map.Entry<SeriesKey, SeriesValue>> entries = new ArrayList<>();
        stores.<SeriesValue>forEach(StoreNames.SERIES, (key, value) -> entries.add(Map.entry(SeriesKey.decode(key), value)));
        return snapshotter.snapshot(entries, owned);
    }

    @Override
    public MetricSnapshots collect() {
        return toSnapshots(families());
    }

    /**
     * The families this collector renders, so that a registry scrape that excludes them (the
     * endpoint writes them itself: {@link AggregatesExposition}) does not collect them either.
     */
    @Override
    public List<String> getPrometheusNames() {
        return AggregatesExposition.familyNames();
    }

    /**
     * Rendered families in the Prometheus client's snapshot model (families without samples left
     * out); public so that the benchmark of {@code /metrics} measures this very conversion.
     */
    public static MetricSnapshots toSnapshots(List<MetricFamilySnapshot> families) {
        List<MetricSnapshot> snapshots = new ArrayList<>(families.size());
        for (MetricFamilySnapshot family : families) {
            if (!family.samples().isEmpty()) {
                snapshots.add(toPrometheus(family));
            }
        }
        return new MetricSnapshots(snapshots);
    }

    private static MetricSnapshot toPrometheus(MetricFamilySnapshot family) {
        List<String> names = family.labelNames();
        switch (family.type()) {
            case COUNTER: {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(family.familyName()).help(family.help());
                for (MetricSample s : family.samples()) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                            .value(((MetricSample.Value) s).value()).labels(labels(names, s)).build());
                }
                return b.build();
            }
            case HISTOGRAM: {
                HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(family.familyName()).help(family.help());
                for (MetricSample s : family.samples()) {
                    MetricSample.HistogramValue h = (MetricSample.HistogramValue) s;
                    b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(buckets(h)).sum(h.sum()).labels(labels(names, s)).build());
                }
                return b.build();
            }
            default: {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family.familyName()).help(family.help());
                for (MetricSample s : family.samples()) {
                    b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                            .value(((MetricSample.Value) s).value()).labels(labels(names, s)).build());
                }
                return b.build();
            }
        }
    }

    /** The model wants per-bucket counts ending with +Inf; the snapshot has cumulative ones. */
    private static ClassicHistogramBuckets buckets(MetricSample.HistogramValue h) {
        int n = h.upperBounds().size();
        double[] bounds = new double[n + 1];
        long[] counts = new long[n + 1];
        long previous = 0;
        for (int i = 0; i < n; i++) {
            bounds[i] = h.upperBounds().get(i);
            counts[i] = h.cumulativeCounts().get(i) - previous;
            previous = h.cumulativeCounts().get(i);
        }
        bounds[n] = Double.POSITIVE_INFINITY;
        counts[n] = h.count() - previous;
        return ClassicHistogramBuckets.of(bounds, counts);
    }

    private static Labels labels(List<String> names, MetricSample sample) {
        if (names.isEmpty()) {
            return Labels.EMPTY;
        }
        return Labels.of(names.toArray(String[]::new), sample.labelValues().toArray(String[]::new));
    }
}
