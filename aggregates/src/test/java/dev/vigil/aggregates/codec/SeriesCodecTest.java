package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import static dev.vigil.aggregates.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.HistogramBounds;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricGroup;
import dev.vigil.aggregates.series.Histogram;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.aggregates.series.WindowRatio;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SeriesCodecTest {
    private static final HistogramBounds BOUNDS = AggregatesSettings.defaults().durationBounds();

    static Stream<SeriesValue> values() {
        return Stream.of(
                new SeriesValue.Counter(0), new SeriesValue.Counter(12.75), new SeriesValue.Gauge(-3),
                new SeriesValue.Gauge(Double.MAX_VALUE),
                Histogram.empty(BOUNDS.size()),
                Histogram.empty(BOUNDS.size()).observe(BOUNDS, 0.05).observe(BOUNDS, 42).observe(BOUNDS, 1e9),
                Histogram.empty(0),
                WindowRatio.empty(),
                WindowRatio.empty().observe(List.of(300_000L, 3_600_000L), T0, true)
                        .observe(List.of(300_000L, 3_600_000L), T0 + 61_000, false),
                WindowRatio.empty().observe(List.of(5L), -12_345, true),
                new SeriesValue.Clock(T0), new SeriesValue.Clock(Long.MIN_VALUE),
                new SeriesValue.SeriesCount(0), new SeriesValue.SeriesCount(2001));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void valuesRoundTrip(SeriesValue value) {
        byte[] bytes = SeriesValueCodec.encode(value);
        assertThat(bytes[0]).isEqualTo((byte) SeriesValueCodec.FORMAT_VERSION);
        assertThat(SeriesValueCodec.decode(bytes)).isEqualTo(value);
        assertThat(SeriesValueCodec.CODEC.decode(SeriesValueCodec.CODEC.encode(value))).isEqualTo(value);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void valuesRejectUnknownVersionTruncationAndTrailingBytes(SeriesValue value) {
        byte[] bytes = SeriesValueCodec.encode(value);
        byte[] v9 = bytes.clone();
        v9[0] = 9;
        assertThatThrownBy(() -> SeriesValueCodec.decode(v9)).isInstanceOf(CodecException.class)
                .hasMessageContaining("SeriesValue: unknown format version 9 (this build reads 1)");
        assertThatThrownBy(() -> SeriesValueCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> SeriesValueCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void unknownValueTagFails() {
        assertThatThrownBy(() -> SeriesValueCodec.decode(new byte[] {1, 77})).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown value tag 77");
    }

    static Stream<SeriesBatch> batches() {
        return Stream.of(
                new SeriesBatch(MetricGroup.TASKS, List.of()),
                new SeriesBatch(MetricGroup.TASKS, List.of(
                        new SeriesUpdate.Add(SeriesKey.of(Metric.TASK_TOTAL, "succeeded"), 1),
                        new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_TASKS), -1),
                        new SeriesUpdate.Observe(SeriesKey.of(Metric.TASK_DURATION_SECONDS, "succeeded"), 3.25),
                        new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.TASK_SUCCESS_RATIO), T0, true),
                        new SeriesUpdate.WindowObserve(SeriesKey.of(Metric.TASK_SUCCESS_RATIO), -1, false))),
                new SeriesBatch(MetricGroup.POOLS, List.of(
                        new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_CAPACITY, "bröwser|1:x"), 20),
                        new SeriesUpdate.Set(SeriesKey.of(Metric.POOL_HEALTHY, ""), 0),
                        new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_LEASES, "browser", "unknown"), 1))),
                new SeriesBatch(MetricGroup.VIGIL, List.of(
                        new SeriesUpdate.Add(SeriesKey.of(Metric.VIGIL_LATE_EVENTS_TOTAL, "agent.call.completed"), 1))),
                new SeriesBatch(MetricGroup.TASKS, List.of(new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_TASKS), 1)),
                        new EventRef("orchestrator", "evt-1", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                new SeriesBatch(MetricGroup.TASKS, List.of(), new EventRef("s", "i", null)),
                new SeriesBatch(MetricGroup.TASKS, List.of(), new EventRef("s", "i", null)).at(T0),
                // Year 1 and year 9999 (event times far from the record timestamp travel in the value).
                new SeriesBatch(MetricGroup.VIGIL, List.of()).at(-62_135_596_800_000L),
                new SeriesBatch(MetricGroup.VIGIL, List.of()).at(253_402_300_799_999L));
    }

    @Test
    void version2RecordsStayReadableWithoutAnEventTime() {
        SeriesBatch batch = new SeriesBatch(MetricGroup.TASKS,
                List.of(new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_TASKS), 1)), new EventRef("s", "i", null));
        byte[] v3 = SeriesBatchCodec.encode(batch.at(0));
        // Version 2 is version 3 without the trailing event time (0 is one byte).
        byte[] v2 = Arrays.copyOf(v3, v3.length - 1);
        v2[0] = 2;
        assertThat(SeriesBatchCodec.decode(v2)).isEqualTo(batch);
        assertThat(SeriesBatchCodec.decode(v2).eventTimeMs()).isEqualTo(SeriesBatch.NO_EVENT_TIME);
        assertThat(SeriesBatchCodec.decode(v2).eventTimeOr(42)).isEqualTo(42);
        assertThat(SeriesBatchCodec.decode(v3).eventTimeOr(42)).isZero();
    }

    /** The exact bytes of version 3, which records in flight on series-updates hold during an upgrade. */
    @Test
    void version3BytesAreFixed() {
        SeriesBatch batch = new SeriesBatch(MetricGroup.TASKS,
                List.of(new SeriesUpdate.Add(SeriesKey.of(Metric.TASK_TOTAL, "failed"), 1)),
                new EventRef("s", "i", null)).at(T0);
        assertThat(HexFormat.of().formatHex(SeriesBatchCodec.encode(batch))).isEqualTo(
                "03" + "01" + "01" // version, group tasks, 1 update
                + "01" + "01" + "01" + "06" + "6661696c6564" + "3ff0000000000000" // Add task_total{failed} 1.0
                + "01" + "0173" + "0169" + "00" // cause s, i, no traceparent
                + "8084c891f866"); // event time T0
    }

    @Test
    void version1IsNotRead() {
        byte[] v3 = SeriesBatchCodec.encode(new SeriesBatch(MetricGroup.TASKS,
                List.of(new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_TASKS), 1))).at(0));
        // Version 1 was version 2 without the trailing cause flag.
        byte[] v1 = Arrays.copyOf(v3, v3.length - 2);
        v1[0] = 1;
        assertThatThrownBy(() -> SeriesBatchCodec.decode(v1)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown format version 1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("batches")
    void batchesRoundTrip(SeriesBatch batch) {
        byte[] bytes = SeriesBatchCodec.encode(batch);
        assertThat(bytes[0]).isEqualTo((byte) SeriesBatchCodec.FORMAT_VERSION);
        assertThat(SeriesBatchCodec.decode(bytes)).isEqualTo(batch);
        byte[] v0 = bytes.clone();
        v0[0] = 0;
        assertThatThrownBy(() -> SeriesBatchCodec.decode(v0)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown format version 0");
        assertThatThrownBy(() -> SeriesBatchCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(CodecException.class);
        if (!batch.updates().isEmpty()) {
            assertThatThrownBy(() -> SeriesBatchCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                    .isInstanceOf(CodecException.class);
        }
    }

    @Test
    void batchesAreCompact() {
        SeriesBatch calls = new SeriesBatch(MetricGroup.CALLS, List.of(
                new SeriesUpdate.Add(SeriesKey.of(Metric.AGENT_CALL_TOTAL, "planner", "plan", "gpt-4o", "ok"), 1)))
                .at(T0);
        // version, group, count, tag, metric, label count, 4 strings (7+4+6+2 + 4 lengths), double,
        // no-cause flag, event time of today (a zig-zag varint of 41 bits: 6 bytes)
        assertThat(SeriesBatchCodec.encode(calls)).hasSize(1 + 1 + 1 + 1 + 1 + 1 + 23 + 8 + 1 + 6);
    }

    @Test
    void unknownGroupMetricOrTagFails() {
        assertThatThrownBy(() -> SeriesBatchCodec.decode(new byte[] {3, 42, 0})).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown group id 42");
        assertThatThrownBy(() -> SeriesBatchCodec.decode(new byte[] {3, 1, 1, 1, 99, 0}))
                .isInstanceOf(CodecException.class).hasMessageContaining("unknown metric id 99");
        assertThatThrownBy(() -> SeriesBatchCodec.decode(new byte[] {3, 1, 1, 7, 2, 0}))
                .isInstanceOf(CodecException.class).hasMessageContaining("unknown update tag 7");
        // a metric of another group than the batch's
        byte[] wrongGroup = SeriesBatchCodec.encode(new SeriesBatch(MetricGroup.TASKS,
                List.of(new SeriesUpdate.Add(SeriesKey.of(Metric.ACTIVE_TASKS), 1))));
        wrongGroup[1] = (byte) MetricGroup.CALLS.id();
        assertThatThrownBy(() -> SeriesBatchCodec.decode(wrongGroup)).isInstanceOf(CodecException.class)
                .hasMessageContaining("not in group calls");
    }

    @Test
    void varintsAndZigZagCoverTheWholeRange() {
        long[] samples = {0, 1, -1, 63, -64, 64, 127, 128, 300, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, T0};
        ByteWriter out = new ByteWriter(1);
        for (long s : samples) {
            out.writeSignedVarLong(s).writeVarLong(s);
        }
        out.writeNullableString(null).writeNullableString("").writeNullableString("ü").writeDouble(-0.0);
        ByteReader in = new ByteReader(out.toByteArray(), "test");
        for (long s : samples) {
            assertThat(in.readSignedVarLong()).isEqualTo(s);
            assertThat(in.readVarLong()).isEqualTo(s);
        }
        assertThat(in.readNullableString()).isNull();
        assertThat(in.readNullableString()).isEmpty();
        assertThat(in.readNullableString()).isEqualTo("ü");
        assertThat(Double.doubleToRawLongBits(in.readDouble())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        in.expectEnd();
    }
}
