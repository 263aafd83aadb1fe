package dev.vigil.bench.jmh;

import dev.vigil.app.metrics.AggregatesCollector;
import dev.vigil.app.metrics.AggregatesExposition;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.codec.SeriesValueCodec;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricsSnapshotter;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code /metrics} rendering of the aggregates at 1k, 10k and 100k series ({@link SyntheticSeries}):
 * {@code render} is the whole scrape path of the app's aggregates collector after the store
 * iterator (decode each key and value, {@link MetricsSnapshotter}, conversion to the Prometheus
 * model, Prometheus text 0.0.4 writer); {@code writeOnly} is the text writer alone, on the same
 * converted snapshots; {@code renderGzip} and {@code renderGzipFast} are {@code render} gzip-compressed at the
 * default level and at {@code BEST_SPEED} (what the endpoint answers a scraper that asks for gzip). RocksDB iteration, HTTP and the Kafka client metrics are not included.
 * Score: milliseconds per scrape.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricsRenderBenchmark {
    @Param({"1000", "10000", "100000"})
    public int series;

    private final AggregatesSettings settings = AggregatesSettings.defaults();
    private final MetricsSnapshotter snapshotter = new MetricsSnapshotter(settings);
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Set<MetricGroup> groups = EnumSet.allOf(MetricGroup.class);
    private TreeMap<String, byte[]> store;
    private MetricSnapshots converted;
    private int lastSize = 1 << 16;

    @Setup
    public void setUp() throws IOException {
        store = SyntheticSeries.store(series, settings);
        converted = AggregatesCollector.toSnapshots(snapshot());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.write(out, converted);
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        long lines = text.lines().filter(l -> !l.startsWith("#")).count();
        // Goes to the JMH log of this fork: the size of what one scrape writes.
        System.out.printf("%n[render fixture] %d series -> %d sample lines, %d bytes%n", series, lines, out.size());
    }

    private List<MetricFamilySnapshot> snapshot() {
        List<Map.Entry<SeriesKey, SeriesValue>> entries = new ArrayList<>(store.size());
        for (Map.Entry<String, byte[]> e : store.entrySet()) {
            entries.add(Map.entry(SeriesKey.decode(e.getKey()), SeriesValueCodec.decode(e.getValue())));
        }
        return snapshotter.snapshot(entries, groups);
    }

    @Benchmark
    public int render() throws IOException {
        MetricSnapshots snapshots = AggregatesCollector.toSnapshots(snapshot());
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        writer.write(out, snapshots);
        lastSize = out.size();
        return out.size();
    }

    /** As {@link #render()}, gzip-compressed at the default level: the compression's cost. */
    @Benchmark
    public int renderGzip() throws IOException {
        MetricSnapshots snapshots = AggregatesCollector.toSnapshots(snapshot());
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out, 8 * 1024)) {
            writer.write(gzip, snapshots);
        }
        return out.size();
    }

    /** As {@link #renderGzip()} with the endpoint's own stream ({@code AcceptEncoding.fastGzip}: {@code BEST_SPEED}). */
    @Benchmark
    public int renderGzipFast() throws IOException {
        MetricSnapshots snapshots = AggregatesCollector.toSnapshots(snapshot());
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        try (java.util.zip.GZIPOutputStream gzip = dev.vigil.app.http.AcceptEncoding.fastGzip(out)) {
            writer.write(gzip, snapshots);
        }
        return out.size();
    }

    @Benchmark
    public int writeOnly() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        writer.write(out, converted);
        lastSize = out.size();
        return out.size();
    }

    /**
     * The render with Vigil's own writer ({@code AggregatesExposition}, text 0.0.4): the same page
     * as {@link #render()}, byte for byte, without the client's model and writer.
     */
    @Benchmark
    public int renderOwn() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        AggregatesExposition.write(snapshot(), AggregatesExposition.Format.TEXT, out);
        return out.size();
    }

    /** {@link #renderOwn()} in OpenMetrics, the format Prometheus asks for first. */
    @Benchmark
    public int renderOwnOpenMetrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        AggregatesExposition.write(snapshot(), AggregatesExposition.Format.OPENMETRICS, out);
        return out.size();
    }

    /** {@link #renderOwn()} gzip-compressed as the endpoint compresses ({@code BEST_SPEED}). */
    @Benchmark
    public int renderOwnGzipFast() throws IOException {
        ByteArrayOutputStream page = new ByteArrayOutputStream(lastSize);
        AggregatesExposition.write(snapshot(), AggregatesExposition.Format.TEXT, page);
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize / 8);
        try (java.util.zip.GZIPOutputStream gzip = dev.vigil.app.http.AcceptEncoding.fastGzip(out)) {
            page.writeTo(gzip);
        }
        return out.size();
    }

    /** The snapshot alone (decode every entry, {@code MetricsSnapshotter}): what both writers start from. */
    @Benchmark
    public int snapshotOnly() {
        return snapshot().size();
    }
}
