package dev.vigil.bench.flink;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The series stage, keyed by series (as Vigil's series stage is, by series key): applies each update to the series'
 * value in RocksDB and emits the new value, {@code (series key, value text)}. The last value emitted for a series is
 * its result.
 *
 * <ul>
 *   <li>A counter's value is its sum, written by {@link Double#toString(double)}.</li>
 *   <li>A histogram's value is {@code <count> <sum> <c_1> … <c_n>}, space-separated, where {@code c_i} is the
 *       cumulative count of the {@code i}-th finite bound ({@code le}, Prometheus semantics: an observation equal to
 *       a bound is in that bound's bucket); the {@code +Inf} bucket is {@code count}. The bounds are
 *       {@code aggregates.buckets.duration_seconds} (Vigil's default unless given).</li>
 * </ul>
 *
 * <p>Sums are binary floating-point sums in arrival order, as Vigil's; comparisons against the exact truth use a
 * relative tolerance of 1e-9 like the bench's other checks.
 */
public final class SeriesStage extends KeyedProcessFunction<String, SeriesUpdate, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;

    private final double[] bounds;
    /** Counter: {sum}. Histogram: {count, sum, per-bucket counts of the finite bounds}. */
    private transient ValueState<double[]> value;

    public SeriesStage(double[] bounds) {
        this.bounds = bounds.clone();
    }

    @Override
    public void open(OpenContext context) {
        value = getRuntimeContext().getState(new ValueStateDescriptor<>("value", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(SeriesUpdate u, Context ctx, Collector<Tuple2<String, String>> out) throws Exception {
        double[] v = value.value();
        if (u.kind == SeriesUpdate.ADD) {
            v = v == null ? new double[1] : v;
            v[0] += u.value;
            value.update(v);
            out.collect(Tuple2.of(u.series, Double.toString(v[0])));
            return;
        }
        v = v == null ? new double[2 + bounds.length] : v;
        v[0] += 1;
        v[1] += u.value;
        int i = Arrays.binarySearch(bounds, u.value);
        int bucket = i >= 0 ? i : -i - 1;
        if (bucket < bounds.length) {
            v[2 + bucket] += 1;
        }
        value.update(v);
        StringBuilder sb = new StringBuilder(16 * (bounds.length + 2));
        sb.append((long) v[0]).append(' ').append(v[1]);
        long cumulative = 0;
        for (int b = 0; b < bounds.length; b++) {
            cumulative += (long) v[2 + b];
            sb.append(' ').append(cumulative);
        }
        out.collect(Tuple2.of(u.series, sb.toString()));
    }
}
