package dev.vigil.bench.jmh;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.codec.SeriesBatchCodec;
import dev.vigil.aggregates.codec.SeriesValueCodec;
import dev.vigil.aggregates.codec.TaskStateCodec;
import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import dev.vigil.serdes.event.AgentEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The state value codecs, on values the aggregate path produced from the simulator's mix:
 * {@link SeriesValueCodec} (every series value of the run, cycled, and the largest histogram and
 * windowed ratio alone), {@link SeriesBatchCodec} (every batch of the run, cycled: what crosses the
 * series-updates topic) and {@link TaskStateCodec}. Score: nanoseconds per value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private static final int SIZE = 4096;

    private SeriesValue[] values;
    private byte[][] encodedValues;
    private SeriesBatch[] batches;
    private byte[][] encodedBatches;
    private TaskState[] tasks;
    private byte[][] encodedTasks;
    private Histogram histogram;
    private byte[] encodedHistogram;
    private WindowRatio ratio;
    private byte[] encodedRatio;
    private int next;

    @Setup
    public void setUp() {
        List<AgentEvent> events = Fixtures.acceptedEvents(AggregateBenchmark.EVENTS);
        List<SeriesBatch> tapped = new ArrayList<>();
        InMemoryPipeline pipeline = new InMemoryPipeline(AggregatesSettings.defaults(), false, tapped::add);
        events.forEach(pipeline::apply);

        List<SeriesValue> seriesValues = new ArrayList<>(pipeline.seriesSnapshot().values());
        values = cycle(seriesValues, SeriesValue[]::new);
        encodedValues = encodeAll(values, SeriesValueCodec::encode);
        batches = cycle(tapped, SeriesBatch[]::new);
        encodedBatches = encodeAll(batches, SeriesBatchCodec::encode);
        tasks = cycle(new ArrayList<>(pipeline.taskSnapshot().values()), TaskState[]::new);
        encodedTasks = encodeAll(tasks, TaskStateCodec::encode);

        histogram = seriesValues.stream().filter(Histogram.class::isInstance).map(Histogram.class::cast)
                .max(Comparator.comparingLong(Histogram::count)).orElseThrow();
        encodedHistogram = SeriesValueCodec.encode(histogram);
        ratio = seriesValues.stream().filter(WindowRatio.class::isInstance).map(WindowRatio.class::cast)
                .max(Comparator.comparingInt(r -> SeriesValueCodec.encode(r).length)).orElseThrow();
        encodedRatio = SeriesValueCodec.encode(ratio);
    }

    /** {@code SIZE} items: the list repeated (or cut) to fill the array. */
    private static <T> T[] cycle(List<T> items, java.util.function.IntFunction<T[]> array) {
        if (items.isEmpty()) {
            throw new IllegalStateException("no fixture values");
        }
        T[] out = array.apply(SIZE);
        for (int i = 0; i < SIZE; i++) {
            out[i] = items.get(i % items.size());
        }
        return out;
    }

    private static <T> byte[][] encodeAll(T[] items, java.util.function.Function<T, byte[]> encoder) {
        byte[][] out = new byte[items.length][];
        for (int i = 0; i < items.length; i++) {
            out[i] = encoder.apply(items[i]);
        }
        return out;
    }

    private int index() {
        int i = next;
        next = (i + 1) & (SIZE - 1);
        return i;
    }

    @Benchmark
    public byte[] seriesValueEncodeMix() {
        return SeriesValueCodec.encode(values[index()]);
    }

    @Benchmark
    public SeriesValue seriesValueDecodeMix() {
        return SeriesValueCodec.decode(encodedValues[index()]);
    }

    @Benchmark
    public byte[] seriesValueEncodeHistogram() {
        return SeriesValueCodec.encode(histogram);
    }

    @Benchmark
    public SeriesValue seriesValueDecodeHistogram() {
        return SeriesValueCodec.decode(encodedHistogram);
    }

    @Benchmark
    public byte[] seriesValueEncodeWindowRatio() {
        return SeriesValueCodec.encode(ratio);
    }

    @Benchmark
    public SeriesValue seriesValueDecodeWindowRatio() {
        return SeriesValueCodec.decode(encodedRatio);
    }

    @Benchmark
    public byte[] seriesBatchEncode() {
        return SeriesBatchCodec.encode(batches[index()]);
    }

    @Benchmark
    public SeriesBatch seriesBatchDecode() {
        return SeriesBatchCodec.decode(encodedBatches[index()]);
    }

    @Benchmark
    public byte[] taskStateEncode() {
        return TaskStateCodec.encode(tasks[index()]);
    }

    @Benchmark
    public TaskState taskStateDecode() {
        return TaskStateCodec.decode(encodedTasks[index()]);
    }
}
