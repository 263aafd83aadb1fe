package dev.vigil.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.HistogramBounds;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.render.MetricsSnapshotter;
import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import dev.vigil.app.metrics.AggregatesExposition.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The kept page writes, scrape after scrape, exactly what a fresh snapshot of the same entries
 * written by {@link AggregatesExposition} says, while values change, series appear and disappear,
 * ownership moves and scrapers alternate formats.
 */
class AggregatesPageTest {
    private static final List<String> VALUES = List.of("planner", "a\"quoted\"", "back\\slash", "new\nline",
            "café", "雲", "🚀 rocket", "", "z-last", "with space", "Zeta", "alpha");
    private static final long CLOCK_MS = 1_767_225_600_000L;
    private final AggregatesSettings settings = AggregatesSettings.defaults();
    private final MetricsSnapshotter snapshotter = new MetricsSnapshotter(settings);

    @Test
    void everyScrapeEqualsAFreshSnapshotWhileTheStoreChanges() throws IOException {
        for (long seed = 1; seed <= 8; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            TreeMap<String, SeriesValue> store = new TreeMap<>();
            for (int i = 0; i < 400; i++) {
                put(store, random);
            }
            AggregatesPage page = new AggregatesPage(settings);
            for (int scrape = 0; scrape < 25; scrape++) {
                Set<MetricGroup> owned = scrape % 5 == 4 ? randomGroups(random) : EnumSet.allOf(MetricGroup.class);
                Format format = random.nextInt(3) == 0 ? Format.TEXT : Format.OPENMETRICS;
                assertThat(page(page, store, owned, format)).as("seed %d scrape %d %s owning %s", seed, scrape, format, owned)
                        .isEqualTo(fresh(store, owned, format));
                mutate(store, random);
            }
        }
    }

    @Test
    void aSeriesDeletedFromTheStoreLeavesThePageAndItsMemory() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        TreeMap<String, SeriesValue> store = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            put(store, random);
        }
        AggregatesPage page = new AggregatesPage(settings);
        Set<MetricGroup> all = EnumSet.allOf(MetricGroup.class);
        page(page, store, all, Format.TEXT);
        assertThat(page.size()).isEqualTo(store.size());

        String gone = store.keySet().stream().filter(k -> SeriesKey.decode(k).kind() == SeriesKey.Kind.SERIES)
                .filter(k -> MetricsSnapshotter.isPlain(SeriesKey.decode(k).metric())).findFirst().orElseThrow();
        store.remove(gone);
        String text = page(page, store, all, Format.TEXT);

        assertThat(page.size()).isEqualTo(store.size());
        assertThat(text).isEqualTo(fresh(store, all, Format.TEXT));
    }

    @Test
    void aRatiosLinesFollowItsMetricsClockWhileItsValueStaysTheSame() throws IOException {
        // Windows 5m and 1h (the defaults): one ok call at the clock, one failed call 30 minutes before.
        WindowRatio ratio = WindowRatio.empty()
                .observe(settings.windowsMs(), CLOCK_MS - 1_800_000L, false)
                .observe(settings.windowsMs(), CLOCK_MS, true);
        TreeMap<String, SeriesValue> store = new TreeMap<>();
        store.put(new SeriesKey(Metric.AGENT_CALL_SUCCESS_RATIO, List.of("planner")).encode(), ratio);
        store.put(new SeriesKey(Metric.TASK_SUCCESS_RATIO, List.of()).encode(), ratio);
        SeriesKey clock = SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO);
        Set<MetricGroup> all = EnumSet.allOf(MetricGroup.class);
        AggregatesPage page = new AggregatesPage(settings);

        store.put(clock.encode(), new SeriesValue.Clock(CLOCK_MS));
        String both = page(page, store, all, Format.TEXT);
        assertThat(both).contains("agent_call_success_ratio{agent_name=\"planner\",window=\"5m\"} 1",
                "agent_call_success_ratio{agent_name=\"planner\",window=\"1h\"} 0.5").isEqualTo(fresh(store, all, Format.TEXT));

        store.put(clock.encode(), new SeriesValue.Clock(CLOCK_MS + 600_000L)); // the ok call leaves the 5m window
        String hourOnly = page(page, store, all, Format.TEXT);
        assertThat(hourOnly).doesNotContain("planner\",window=\"5m\"}").contains("planner\",window=\"1h\"} 0.5")
                .isEqualTo(fresh(store, all, Format.TEXT));

        store.put(clock.encode(), new SeriesValue.Clock(CLOCK_MS + 7_200_000L)); // and both leave the hour
        assertThat(page(page, store, all, Format.OPENMETRICS)).doesNotContain("agent_call_success_ratio")
                .contains("task_success_ratio{window=\"1h\"} 0.5").isEqualTo(fresh(store, all, Format.OPENMETRICS));

        store.remove(clock.encode()); // without a clock entry, the series' own latest event time
        assertThat(page(page, store, all, Format.TEXT)).isEqualTo(both);
    }

    @Test
    void aValueOfTheWrongKindFailsTheScrapeAsTheSnapshotDoes() {
        TreeMap<String, SeriesValue> store = new TreeMap<>();
        store.put(new SeriesKey(Metric.TASK_TOTAL, List.of("succeeded")).encode(), new SeriesValue.Gauge(1));
        AggregatesPage page = new AggregatesPage(settings);

        assertThatThrownBy(() -> page(page, store, EnumSet.allOf(MetricGroup.class), Format.TEXT))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expected a Counter");
    }

    private String page(AggregatesPage page, Map<String, SeriesValue> store, Set<MetricGroup> owned, Format format)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        page.write(visitor -> store.forEach(visitor), owned, format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String fresh(Map<String, SeriesValue> store, Set<MetricGroup> owned, Format format) throws IOException {
        List<Map.Entry<SeriesKey, SeriesValue>> entries = new ArrayList<>();
        store.forEach((k, v) -> entries.add(Map.entry(SeriesKey.decode(k), v)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AggregatesExposition.write(snapshotter.snapshot(entries, owned), format, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A fifth of the values change, a few series go, a few come. */
    private void mutate(TreeMap<String, SeriesValue> store, SplittableRandom random) {
        List<String> keys = new ArrayList<>(store.keySet());
        for (String key : keys) {
            int dice = random.nextInt(100);
            if (dice < 20) {
                store.put(key, value(SeriesKey.decode(key), random));
            } else if (dice < 23) {
                store.remove(key);
            }
        }
        for (int i = random.nextInt(20); i > 0; i--) {
            put(store, random);
        }
    }

    private static Set<MetricGroup> randomGroups(SplittableRandom random) {
        Set<MetricGroup> groups = EnumSet.noneOf(MetricGroup.class);
        for (MetricGroup g : MetricGroup.values()) {
            if (random.nextBoolean()) {
                groups.add(g);
            }
        }
        return groups;
    }

    /** A random series of a random stored metric (and its clock when it is windowed). */
    private void put(TreeMap<String, SeriesValue> store, SplittableRandom random) {
        List<Metric> stored = java.util.Arrays.stream(Metric.values()).filter(Metric::stored).toList();
        Metric metric = stored.get(random.nextInt(stored.size()));
        List<String> labels = new ArrayList<>();
        for (int l = 0; l < metric.keyLabels().size(); l++) {
            labels.add(VALUES.get(random.nextInt(VALUES.size())));
        }
        SeriesKey key = new SeriesKey(metric, labels);
        store.put(key.encode(), value(key, random));
        if (random.nextInt(10) == 0) {
            SeriesKey count = SeriesKey.cardinalityCounter(metric);
            store.put(count.encode(), value(count, random));
        }
        if (key.metric().type() == dev.vigil.aggregates.metric.MetricType.RATIO) {
            SeriesKey clock = SeriesKey.clock(metric);
            store.put(clock.encode(), value(clock, random));
        }
    }

    private SeriesValue value(SeriesKey key, SplittableRandom random) {
        Metric metric = key.metric();
        if (key.kind() == SeriesKey.Kind.CLOCK) {
            return new SeriesValue.Clock(CLOCK_MS + random.nextInt(60_000));
        }
        if (key.kind() == SeriesKey.Kind.SERIES_COUNT) {
            return new SeriesValue.SeriesCount(random.nextInt(100));
        }
        return switch (metric.type()) {
            case COUNTER -> new SeriesValue.Counter(random.nextInt(4) == 0 ? random.nextDouble() * 1e9 : random.nextInt(50));
            case GAUGE, DERIVED -> new SeriesValue.Gauge(random.nextInt(4) == 0 ? -random.nextDouble() : random.nextInt(50));
            case HISTOGRAM -> {
                HistogramBounds bounds = settings.bounds(metric.bucketKind().orElseThrow());
                Histogram h = Histogram.empty(bounds.size());
                for (int k = random.nextInt(6); k > 0; k--) {
                    h = h.observe(bounds, Math.exp(random.nextDouble(-5, 6)));
                }
                yield h;
            }
            case RATIO -> {
                WindowRatio r = WindowRatio.empty();
                for (int k = 1 + random.nextInt(5); k > 0; k--) {
                    r = r.observe(settings.windowsMs(), CLOCK_MS - random.nextLong(3_600_000L), random.nextBoolean());
                }
                yield r;
            }
        };
    }
}
