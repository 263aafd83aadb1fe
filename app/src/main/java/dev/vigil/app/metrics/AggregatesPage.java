package dev.vigil.app.metrics;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.metric.MetricType;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricsSnapshotter;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import dev.vigil.app.metrics.AggregatesExposition.Bytes;
import dev.vigil.app.metrics.AggregatesExposition.FamilyWriter;
import dev.vigil.app.metrics.AggregatesExposition.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The aggregates' part of {@code /metrics}, kept from one scrape to the next: each series of a
 * counter, gauge or histogram keeps its rendered lines until its stored value changes, and each
 * family keeps its series in the order they are written, so that a scrape of mostly unchanged
 * series costs a hash lookup and a value comparison per series rather than a decode, a sample and
 * its formatting.
 *
 * <pre>{@code
 * AggregatesPage page = new AggregatesPage(settings);
 * page.write(visitor -> stores.forEach(StoreNames.SERIES, visitor), ownedGroups, Format.OPENMETRICS, out);
 * }</pre>
 *
 * <p>The bytes are those {@link AggregatesExposition#write} writes for the snapshot of the same
 * entries ({@code AggregatesPageTest} compares them scrape after scrape while series change, appear,
 * disappear and change owner, and clocks move). A ratio series keeps one line per window until its
 * value or its metric's clock changes (under load the clock moves with every event, so the ratios are
 * then rendered on every scrape; on a quiet system or between bursts they are not). The pool metrics
 * (derived from several series) are rendered afresh by the {@link MetricsSnapshotter} on every
 * scrape; they are few.
 *
 * <p>Memory: one node per series and its lines in each format a scraper asked for, about the size
 * of the page per format. Scrapes take turns building the page's chunk list (a few milliseconds
 * at 10,000 series); writing and compressing it happens outside that lock, from immutable chunks.
 */
public final class AggregatesPage {
    /** The series store's entries: visits each (encoded key, value) once. */
    @FunctionalInterface
    public interface Entries {
        void forEach(BiConsumer<String, SeriesValue> visitor);
    }

    private final AggregatesSettings settings;
    private final MetricsSnapshotter snapshotter;
    /** Every entry seen by the last scrape, plain or not (the others keep only their decoded key). */
    private final Map<String, Series> byKey = new HashMap<>();
    /** The plain series of each metric, in the order the client writes them. */
    private final Map<Metric, TreeSet<Series>> ordered = new EnumMap<>(Metric.class);
    /** The windows of each ratio's series, in the order the client writes their lines. */
    private final Map<Metric, TreeSet<WindowLine>> windowed = new EnumMap<>(Metric.class);
    private final Map<Format, Map<Metric, FamilyWriter>> writers = new EnumMap<>(Format.class);
    private static final byte[] NOTHING = new byte[0];
    private final Bytes scratch = Bytes.standalone(4096);
    private long generation;

    public AggregatesPage(AggregatesSettings settings) {
        this.settings = settings;
        this.snapshotter = new MetricsSnapshotter(settings);
    }

    /** One store entry as the page knows it. */
    private static final class Series {
        final String key;
        final SeriesKey decoded;
        final boolean plain;
        /** A series of a ratio: shown as one line per window, at its metric's clock. */
        final boolean ratio;
        SeriesValue value;
        /** Rendered lines per {@link Format} ordinal; null until a scrape in that format needs them. */
        final byte[][] lines = new byte[Format.values().length][];
        /** A ratio's lines, one per window; null otherwise. */
        WindowLine[] windows;
        /** The clock a ratio's window lines were rendered at. */
        long clock = Long.MIN_VALUE;
        long seen;

        Series(String key, SeriesKey decoded, SeriesValue value) {
            this.key = key;
            this.decoded = decoded;
            boolean series = decoded.kind() == SeriesKey.Kind.SERIES;
            this.plain = series && MetricsSnapshotter.isPlain(decoded.metric());
            this.ratio = series && decoded.metric().type() == MetricType.RATIO;
            this.value = value;
        }

        /** Forgets the rendered lines: the value or the clock they showed has changed. */
        void invalidate() {
            Arrays.fill(lines, null);
            if (windows != null) {
                for (WindowLine w : windows) {
                    Arrays.fill(w.lines, null);
                }
            }
        }
    }

    /** The line of one window of a ratio's series: its labels are the series' and the window's. */
    private static final class WindowLine {
        final Series series;
        final int window;
        final List<String> labels;
        /** Per {@link Format} ordinal: null until needed, empty when the window saw nothing. */
        final byte[][] lines = new byte[Format.values().length][];

        WindowLine(Series series, int window, String windowLabel) {
            this.series = series;
            this.window = window;
            List<String> all = new ArrayList<>(series.decoded.labelValues());
            all.add(windowLabel);
            this.labels = List.copyOf(all);
        }
    }

    /**
     * Writes the families of the owned groups that have samples, in catalogue order, as
     * {@link AggregatesExposition#write} writes the snapshot of the same entries.
     *
     * @param entries the series store's entries of this instance
     * @param owned   the groups this instance exposes
     * @throws IllegalStateException as {@link MetricsSnapshotter#snapshot}: an entry holds a value of
     *                               the wrong kind for its metric
     */
    public void write(Entries entries, Set<MetricGroup> owned, Format format, OutputStream out) throws IOException {
        List<byte[]> chunks;
        synchronized (this) {
            chunks = chunks(entries, owned, format);
        }
        Bytes b = new Bytes(out);
        for (byte[] chunk : chunks) {
            b.bytes(chunk);
        }
        b.finish();
    }

    /** Series held now (plain or not): what the page keeps between scrapes. */
    synchronized int size() {
        return byKey.size();
    }

    private List<byte[]> chunks(Entries entries, Set<MetricGroup> owned, Format format) {
        long gen = ++generation;
        List<Map.Entry<SeriesKey, SeriesValue>> rest = new ArrayList<>();
        Map<Metric, Long> clocks = new EnumMap<>(Metric.class);
        int[] visited = {0};
        entries.forEach((key, value) -> {
            Series s = byKey.get(key);
            if (s == null) {
                s = new Series(key, SeriesKey.decode(key), value);
                byKey.put(key, s);
                if (s.plain) {
                    ordered.computeIfAbsent(s.decoded.metric(), this::newOrder).add(s);
                } else if (s.ratio) {
                    addWindows(s);
                }
            } else if ((s.plain || s.ratio) && !s.value.equals(value)) {
                s.value = value;
                s.invalidate();
            } else if (!s.plain && !s.ratio) {
                s.value = value;
            }
            if (s.seen != gen) {
                s.seen = gen;
                visited[0]++;
            }
            if (s.decoded.kind() == SeriesKey.Kind.CLOCK && value instanceof SeriesValue.Clock c) {
                clocks.put(s.decoded.metric(), c.maxEventTimeMs());
            }
            // Ratios are judged here; clocks, counts and pool series go to the snapshotter, which
            // also rejects a bookkeeping entry of the wrong kind.
            if (!s.plain && !s.ratio && owned.contains(s.decoded.metric().group())) {
                rest.add(Map.entry(s.decoded, value));
            }
        });
        if (visited[0] != byKey.size()) {
            forgetUnseen(gen);
        }

        Map<Metric, MetricFamilySnapshot> computed = new EnumMap<>(Metric.class);
        for (MetricFamilySnapshot family : snapshotter.snapshot(rest, owned)) {
            if (!MetricsSnapshotter.isPlain(family.metric())) {
                computed.put(family.metric(), family);
            }
        }
        List<byte[]> chunks = new ArrayList<>(byKey.size() + 64);
        for (Metric metric : Metric.values()) {
            if (!owned.contains(metric.group())) {
                continue;
            }
            if (MetricsSnapshotter.isPlain(metric)) {
                TreeSet<Series> series = ordered.get(metric);
                if (series == null || series.isEmpty()) {
                    continue;
                }
                FamilyWriter writer = writer(metric, format);
                chunks.add(writer.header());
                for (Series s : series) {
                    chunks.add(lines(s, writer, format));
                }
            } else if (metric.type() == MetricType.RATIO) {
                TreeSet<WindowLine> lines = windowed.get(metric);
                if (lines == null || lines.isEmpty()) {
                    continue;
                }
                FamilyWriter writer = writer(metric, format);
                int header = chunks.size();
                chunks.add(writer.header());
                Long clock = clocks.get(metric);
                for (WindowLine w : lines) {
                    byte[] line = windowLine(w, clock, writer, format);
                    if (line.length > 0) {
                        chunks.add(line);
                    }
                }
                if (chunks.size() == header + 1) {
                    chunks.remove(header); // no window of any series saw anything: no family
                }
            } else {
                MetricFamilySnapshot family = computed.get(metric);
                if (family != null && !family.samples().isEmpty()) {
                    scratch.reset();
                    AggregatesExposition.writeFamily(family, format, scratch);
                    chunks.add(scratch.toByteArray());
                }
            }
        }
        return chunks;
    }

    /** Drops the series the last scrape did not see: deleted, or on a partition no longer owned. */
    private void forgetUnseen(long gen) {
        Iterator<Series> it = byKey.values().iterator();
        while (it.hasNext()) {
            Series s = it.next();
            if (s.seen != gen) {
                it.remove();
                if (s.plain) {
                    ordered.get(s.decoded.metric()).remove(s);
                } else if (s.ratio) {
                    windowed.get(s.decoded.metric()).removeAll(Arrays.asList(s.windows));
                }
            }
        }
    }

    private byte[] lines(Series s, FamilyWriter writer, Format format) {
        byte[] lines = s.lines[format.ordinal()];
        if (lines == null) {
            scratch.reset();
            writer.writeSample(snapshotter.plainSample(s.decoded, s.value), scratch);
            lines = scratch.toByteArray();
            s.lines[format.ordinal()] = lines;
        }
        return lines;
    }

    /**
     * The line of one window at the metric's clock (or, without a clock entry, the series' own latest
     * event time, as the snapshot does); empty when the window saw nothing. A series whose clock moved
     * since its lines were rendered renders them again.
     */
    private byte[] windowLine(WindowLine w, Long metricClock, FamilyWriter writer, Format format) {
        Series s = w.series;
        long clock = metricClock != null ? metricClock : s.value instanceof WindowRatio r ? r.maxEventTimeMs() : 0;
        if (clock != s.clock) {
            s.invalidate();
            s.clock = clock;
        }
        int f = format.ordinal();
        if (w.lines[f] == null) {
            // All windows of the series at once: they share the value and the clock. Throws as the
            // snapshot does when the value is not a ratio's.
            MetricSample.Value[] samples = snapshotter.ratioSamples(s.decoded, s.value, clock);
            for (int i = 0; i < samples.length; i++) {
                byte[] line = NOTHING;
                if (samples[i] != null) {
                    scratch.reset();
                    writer.writeSample(samples[i], scratch);
                    line = scratch.toByteArray();
                }
                s.windows[i].lines[f] = line;
            }
        }
        return w.lines[f];
    }

    private void addWindows(Series s) {
        List<String> labels = snapshotter.windowLabels();
        s.windows = new WindowLine[labels.size()];
        TreeSet<WindowLine> order = windowed.computeIfAbsent(s.decoded.metric(), this::newWindowOrder);
        for (int i = 0; i < labels.size(); i++) {
            s.windows[i] = new WindowLine(s, i, labels.get(i));
            order.add(s.windows[i]);
        }
    }

    /** The client's sample order over the labels with the window's, then the key and window. */
    private TreeSet<WindowLine> newWindowOrder(Metric metric) {
        Comparator<List<String>> byLabels = new FamilyWriter(metric, List.of(), Format.TEXT).labelOrder();
        return new TreeSet<>(Comparator.<WindowLine, List<String>>comparing(w -> w.labels, byLabels)
                .thenComparing(w -> w.series.key).thenComparingInt(w -> w.window));
    }

    private FamilyWriter writer(Metric metric, Format format) {
        return writers.computeIfAbsent(format, f -> new EnumMap<>(Metric.class)).computeIfAbsent(metric, m ->
                new FamilyWriter(m, m.bucketKind().map(k -> settings.bounds(k).asList()).orElse(List.of()), format));
    }

    /** The client's sample order, then the key, so that two series never compare equal. */
    private TreeSet<Series> newOrder(Metric metric) {
        Comparator<List<String>> byLabels = new FamilyWriter(metric, List.of(), Format.TEXT).labelOrder();
        return new TreeSet<>(Comparator.<Series, List<String>>comparing(s -> s.decoded.labelValues(), byLabels)
                .thenComparing(s -> s.key));
    }
}
