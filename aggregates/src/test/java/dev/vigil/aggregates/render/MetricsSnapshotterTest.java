package dev.vigil.aggregates.render;

import static dev.vigil.aggregates.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsSnapshotterTest {
    private static final AggregatesSettings S = AggregatesSettings.defaults();
    private static final Set<MetricGroup> ALL = EnumSet.allOf(MetricGroup.class);
    private final MetricsSnapshotter snapshotter = new MetricsSnapshotter(S);
    private final Map<SeriesKey, SeriesValue> store = new LinkedHashMap<>();

    private MetricFamilySnapshot family(List<MetricFamilySnapshot> families, Metric metric) {
        return families.stream().filter(f -> f.metric() == metric).findFirst().orElseThrow();
    }

    @Test
    void countersAndGaugesSortedByLabelsBookkeepingHidden() {
        store.put(SeriesKey.of(Metric.TASK_TOTAL, "succeeded"), new SeriesValue.Counter(2));
        store.put(SeriesKey.of(Metric.TASK_TOTAL, "failed"), new SeriesValue.Counter(1));
        store.put(SeriesKey.cardinalityCounter(Metric.TASK_TOTAL), new SeriesValue.SeriesCount(2));
        store.put(SeriesKey.of(Metric.ACTIVE_TASKS), new SeriesValue.Gauge(0));
        List<MetricFamilySnapshot> families = snapshotter.snapshot(store.entrySet(), EnumSet.of(MetricGroup.TASKS));
        assertThat(families).extracting(MetricFamilySnapshot::metric).containsExactly(Metric.TASK_TOTAL,
                Metric.ACTIVE_TASKS, Metric.TASK_DURATION_SECONDS, Metric.TASK_SUCCESS_RATIO, Metric.TASK_COST_USD);
        MetricFamilySnapshot total = family(families, Metric.TASK_TOTAL);
        assertThat(total.name()).isEqualTo("task_total");
        assertThat(total.familyName()).isEqualTo("task");
        assertThat(total.type().text()).isEqualTo("counter");
        assertThat(total.labelNames()).containsExactly("status");
        assertThat(total.samples()).containsExactly(new MetricSample.Value(List.of("failed"), 1),
                new MetricSample.Value(List.of("succeeded"), 2));
        assertThat(family(families, Metric.ACTIVE_TASKS).samples())
                .containsExactly(new MetricSample.Value(List.of(), 0));
        assertThat(family(families, Metric.TASK_SUCCESS_RATIO).samples()).isEmpty();
    }

    @Test
    void histogramsAreRenderedCumulative() {
        Histogram h = Histogram.empty(S.durationBounds().size()).observe(S.durationBounds(), 0.05)
                .observe(S.durationBounds(), 0.3).observe(S.durationBounds(), 7200);
        store.put(SeriesKey.of(Metric.LEASE_HELD_SECONDS, "browser"), h);
        MetricSample.HistogramValue v = (MetricSample.HistogramValue) family(
                snapshotter.snapshot(store.entrySet(), ALL), Metric.LEASE_HELD_SECONDS).samples().get(0);
        assertThat(v.labelValues()).containsExactly("browser");
        assertThat(v.upperBounds()).isEqualTo(S.durationBounds().asList());
        assertThat(v.cumulativeCounts()).startsWith(1L, 1L, 1L, 2L).endsWith(2L);
        assertThat(v.count()).isEqualTo(3);
        assertThat(v.sum()).isEqualTo(7200.35);
    }

    @Test
    void ratiosPerWindowAtTheMetricClockAbsentWhenEmpty() {
        List<Long> windows = S.windowsMs();
        store.put(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "planner"),
                WindowRatio.empty().observe(windows, T0, true).observe(windows, T0, false));
        store.put(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "coder"),
                WindowRatio.empty().observe(windows, T0 + 10 * 60_000, true));
        store.put(SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO), new SeriesValue.Clock(T0 + 10 * 60_000));
        MetricFamilySnapshot f = family(snapshotter.snapshot(store.entrySet(), ALL), Metric.AGENT_CALL_SUCCESS_RATIO);
        assertThat(f.labelNames()).containsExactly("agent_name", "window");
        // planner's observations are 10 minutes behind the clock: out of 5m, inside 1h
        assertThat(f.samples()).containsExactly(
                new MetricSample.Value(List.of("coder", "1h"), 1.0),
                new MetricSample.Value(List.of("coder", "5m"), 1.0),
                new MetricSample.Value(List.of("planner", "1h"), 0.5));
        assertThat(MetricsSnapshotter.windowLabel(300_000)).isEqualTo("5m");
    }

    @Test
    void poolMetricsAreDerivedForTheOwnerOfThePoolsGroup() {
        store.put(SeriesKey.of(Metric.ACTIVE_LEASES, "browser", "planner"), new SeriesValue.Gauge(3));
        store.put(SeriesKey.of(Metric.ACTIVE_LEASES, "browser", "unknown"), new SeriesValue.Gauge(2));
        store.put(SeriesKey.of(Metric.ACTIVE_LEASES, "gpu", "coder"), new SeriesValue.Gauge(1));
        store.put(SeriesKey.of(Metric.POOL_CAPACITY, "gpu"), new SeriesValue.Gauge(4));
        store.put(SeriesKey.of(Metric.POOL_HEALTHY, "gpu"), new SeriesValue.Gauge(2));
        List<MetricFamilySnapshot> families = snapshotter.snapshot(store.entrySet(), EnumSet.of(MetricGroup.POOLS));
        assertThat(family(families, Metric.POOL_CAPACITY).samples()).containsExactly(
                new MetricSample.Value(List.of("browser"), 20), new MetricSample.Value(List.of("gpu"), 4));
        assertThat(family(families, Metric.POOL_HEALTHY).samples())
                .containsExactly(new MetricSample.Value(List.of("gpu"), 2));
        assertThat(family(families, Metric.LEASE_UTILIZATION).samples()).containsExactly(
                new MetricSample.Value(List.of("browser"), 0.25), new MetricSample.Value(List.of("gpu"), 0.25));
        assertThat(family(families, Metric.BROWSER_POOL_AVAILABLE).samples())
                .containsExactly(new MetricSample.Value(List.of(), 15));
        assertThat(family(families, Metric.ACTIVE_LEASES).samples()).hasSize(3);

        List<MetricFamilySnapshot> notOwner = snapshotter.snapshot(Map.<SeriesKey, SeriesValue>of().entrySet(),
                EnumSet.of(MetricGroup.TASKS));
        assertThat(notOwner).extracting(MetricFamilySnapshot::metric).doesNotContain(Metric.POOL_CAPACITY);
        List<MetricFamilySnapshot> emptyOwner = snapshotter.snapshot(Map.<SeriesKey, SeriesValue>of().entrySet(),
                EnumSet.of(MetricGroup.POOLS));
        assertThat(family(emptyOwner, Metric.POOL_CAPACITY).samples())
                .containsExactly(new MetricSample.Value(List.of("browser"), 20));
    }

    @Test
    void entriesOfOtherGroupsAreIgnored() {
        store.put(SeriesKey.of(Metric.TASK_TOTAL, "failed"), new SeriesValue.Counter(1));
        assertThat(snapshotter.snapshot(store.entrySet(), EnumSet.of(MetricGroup.CALLS)))
                .allSatisfy(f -> assertThat(f.samples()).isEmpty());
    }

    @Test
    void wrongValueKindOrChangedBoundsFailLoudly() {
        store.put(SeriesKey.of(Metric.TASK_TOTAL, "failed"), new SeriesValue.Gauge(1));
        assertThatThrownBy(() -> snapshotter.snapshot(store.entrySet(), ALL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("expected a Counter");
        store.clear();
        store.put(SeriesKey.of(Metric.TASK_DURATION_SECONDS, "failed"), Histogram.empty(3));
        assertThatThrownBy(() -> snapshotter.snapshot(store.entrySet(), ALL)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bucket bounds cannot change");
    }
}
