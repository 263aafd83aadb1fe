package dev.vigil.aggregates.codec;

import dev.vigil.serdes.binary.CodecException;

import dev.vigil.serdes.binary.ByteReader;

import dev.vigil.serdes.binary.ByteWriter;

import static dev.vigil.aggregates.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.entity.LeaseState;
import dev.vigil.aggregates.entity.PoolState;
import dev.vigil.aggregates.entity.StepState;
import dev.vigil.aggregates.entity.TaskState;
import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.TaskStatus;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class EntityStateCodecTest {

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of(TaskStateCodec.CODEC, TaskState.initial()),
                Arguments.of(TaskStateCodec.CODEC, new TaskState(true, T0, true, null, 0)),
                Arguments.of(TaskStateCodec.CODEC, new TaskState(false, 0, false, TaskStatus.CANCELLED, T0)),
                Arguments.of(TaskStateCodec.CODEC, new TaskState(true, -5, false, TaskStatus.SUCCEEDED, Long.MAX_VALUE)),
                Arguments.of(TaskStateCodec.CODEC, new TaskState(true, T0, true, null, 0, "acmé", 0.125)),
                Arguments.of(TaskStateCodec.CODEC, new TaskState(false, 0, false, null, 0, null, 1e-9)),
                Arguments.of(TaskStateCodec.CODEC, new TaskState(false, 0, false, TaskStatus.FAILED, T0, "t", 0)),
                Arguments.of(StepStateCodec.CODEC, StepState.initial()),
                Arguments.of(StepStateCodec.CODEC, new StepState(true, "plän", false, 0, null, 0)),
                Arguments.of(StepStateCodec.CODEC, new StepState(true, null, true, T0, StepStatus.TIMED_OUT, T0 + 1)),
                Arguments.of(StepStateCodec.CODEC, new StepState(false, null, false, 0, StepStatus.FAILED, Long.MIN_VALUE)),
                Arguments.of(LeaseStateCodec.CODEC, LeaseState.initial()),
                Arguments.of(LeaseStateCodec.CODEC,
                        new LeaseState(true, T0, "browser", "unknown", 30_000, false, 0, null, null, false)),
                Arguments.of(LeaseStateCodec.CODEC,
                        new LeaseState(true, T0, "browser", "planner", 30_000, false, 0, null, null, true)),
                Arguments.of(LeaseStateCodec.CODEC,
                        new LeaseState(false, 0, null, null, 0, true, T0, "gpu", ReleaseReason.EXPIRED, false)),
                Arguments.of(LeaseStateCodec.CODEC,
                        new LeaseState(true, T0, "b", "a", 0, true, T0 - 9, "c", null, false)),
                Arguments.of(PoolStateCodec.CODEC, new PoolState(T0, 20, null)),
                Arguments.of(PoolStateCodec.CODEC, new PoolState(T0, 0, 0L)),
                Arguments.of(PoolStateCodec.CODEC, new PoolState(-1, Long.MAX_VALUE, Long.MAX_VALUE - 1)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("states")
    <T> void roundTrip(BinaryCodec<T> codec, T state) {
        byte[] bytes = codec.encode(state);
        assertThat(bytes[0]).isEqualTo((byte) (codec == TaskStateCodec.CODEC ? TaskStateCodec.FORMAT_VERSION : 1));
        assertThat(codec.decode(bytes)).isEqualTo(state);
    }

    /** The task store's version 1 (an earlier build's, in the store and its changelog) still reads: no tenant, no cost. */
    @Test
    void taskStateVersion1StillDecodes() {
        TaskState lifecycle = new TaskState(true, T0, false, TaskStatus.SUCCEEDED, T0 + 5);
        byte[] v1 = TaskStateCodec.encode(lifecycle);
        v1[0] = 1;
        assertThat(TaskStateCodec.decode(v1)).isEqualTo(lifecycle);
        byte[] v1WithATenantFlag = TaskStateCodec.encode(lifecycle.withTenant("acme"));
        v1WithATenantFlag[0] = 1;
        assertThatThrownBy(() -> TaskStateCodec.decode(v1WithATenantFlag)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown flags");
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("states")
    <T> void unknownVersionTruncationAndTrailingBytesFail(BinaryCodec<T> codec, T state) {
        byte[] bytes = codec.encode(state);
        byte[] v9 = bytes.clone();
        v9[0] = 9;
        assertThatThrownBy(() -> codec.decode(v9)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown format version 9");
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(CodecException.class);
        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(CodecException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(CodecException.class);
    }

    @Test
    void nullIsATombstone() {
        assertThat(TaskStateCodec.CODEC.encode(null)).isNull();
        assertThat(TaskStateCodec.CODEC.decode(null)).isNull();
    }

    @ParameterizedTest
    @EnumSource(TaskStatus.class)
    void everyTaskStatusCodeRoundTrips(TaskStatus status) {
        ByteWriter out = new ByteWriter(1).writeByte(EnumCodes.code(status));
        assertThat(EnumCodes.taskStatus(out.toByteArray()[0], new ByteReader(new byte[0], "t"))).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(StepStatus.class)
    void everyStepStatusCodeRoundTrips(StepStatus status) {
        assertThat(EnumCodes.stepStatus(EnumCodes.code(status), new ByteReader(new byte[0], "s"))).isEqualTo(status);
    }

    @ParameterizedTest
    @EnumSource(ReleaseReason.class)
    void everyReleaseReasonCodeRoundTrips(ReleaseReason reason) {
        assertThat(EnumCodes.releaseReason(EnumCodes.code(reason), new ByteReader(new byte[0], "r"))).isEqualTo(reason);
    }

    @Test
    void unknownCodesAndFlagsFail() {
        byte[] badStatus = {1, 0, 9};
        assertThatThrownBy(() -> TaskStateCodec.decode(badStatus)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown task status code 9");
        byte[] badFlags = {1, (byte) 0x80, 0};
        assertThatThrownBy(() -> TaskStateCodec.decode(badFlags)).isInstanceOf(CodecException.class)
                .hasMessageContaining("unknown flags");
        byte[] inconsistent = {1, 2, 3, 0}; // active and terminal
        assertThatThrownBy(() -> TaskStateCodec.decode(inconsistent)).isInstanceOf(CodecException.class)
                .hasMessageContaining("inconsistent");
    }

    @Test
    void statesAreSmall() {
        assertThat(TaskStateCodec.encode(new TaskState(true, T0, false, TaskStatus.SUCCEEDED, T0 + 1000))).hasSizeLessThan(20);
        assertThat(PoolStateCodec.encode(new PoolState(T0, 20, 18L))).hasSizeLessThan(12);
    }
}
