package dev.vigil.bench.jmh;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.codec.SeriesValueCodec;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.app.metrics.AggregatesExposition;
import dev.vigil.app.metrics.AggregatesPage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
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
 * {@code /metrics} as the app renders the aggregates now ({@link AggregatesPage}, which keeps each
 * series' lines until its value changes), at {@code series} series of which {@code changedPercent}
 * change between two scrapes. Each scrape decodes every stored value (the series store's serde does
 * that in the app's store iterator) and writes the page; RocksDB iteration and HTTP are not included.
 * Compare with {@link MetricsRenderBenchmark#renderOwn} (the same page rendered from scratch).
 * Score: milliseconds per scrape.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricsPageBenchmark {
    @Param({"10000"})
    public int series;

    /** Share of the series whose value differs from the previous scrape's. */
    @Param({"0", "10", "100"})
    public int changedPercent;

    @Param({"OPENMETRICS"})
    public AggregatesExposition.Format format;

    private final AggregatesSettings settings = AggregatesSettings.defaults();
    private final Set<MetricGroup> groups = EnumSet.allOf(MetricGroup.class);
    private final AggregatesPage page = new AggregatesPage(settings);
    private String[] keys;
    /** Two encoded values per series: a scrape shows the first or the second. */
    private byte[][][] values;
    private long scrapes;
    private int lastSize = 1 << 16;

    @Setup
    public void setUp() {
        TreeMap<String, byte[]> first = SyntheticSeries.store(series, settings);
        TreeMap<String, byte[]> second = SyntheticSeries.store(series, settings, 8);
        keys = first.keySet().toArray(String[]::new);
        values = new byte[keys.length][][];
        for (int i = 0; i < keys.length; i++) {
            values[i] = new byte[][] {first.get(keys[i]), second.get(keys[i])};
        }
    }

    @Benchmark
    public int scrape() throws IOException {
        long n = scrapes++;
        ByteArrayOutputStream out = new ByteArrayOutputStream(lastSize);
        page.write(visitor -> {
            for (int i = 0; i < keys.length; i++) {
                // Series i changes every scrape when it is among the first changedPercent of each hundred.
                int which = i % 100 < changedPercent ? (int) (n & 1) : 0;
                visitor.accept(keys[i], SeriesValueCodec.decode(values[i][which]));
            }
        }, groups, format, out);
        lastSize = out.size();
        return out.size();
    }
}
