package dev.vigil.serdes;

import dev.vigil.serdes.event.AgentEvent;
import dev.vigil.serdes.event.CallCompleted;
import dev.vigil.serdes.event.CallStatus;
import dev.vigil.serdes.event.EventMeta;
import dev.vigil.serdes.event.EventType;
import dev.vigil.serdes.event.LeaseAcquired;
import dev.vigil.serdes.event.LeaseReleased;
import dev.vigil.serdes.event.PoolState;
import dev.vigil.serdes.event.PoolStatus;
import dev.vigil.serdes.event.ReleaseReason;
import dev.vigil.serdes.event.StepStatus;
import dev.vigil.serdes.event.StepStatusChanged;
import dev.vigil.serdes.event.TaskStatus;
import dev.vigil.serdes.event.TaskStatusChanged;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentEventSerdeTest {

    private static final Instant T = Instant.parse("2026-01-15T10:30:00.123456789Z");

    private static EventMeta bare(EventType type) {
        return new EventMeta("evt-1", "orchestrator", type, Instant.ofEpochSecond(1_768_473_000L), null, null, null);
    }

    private static EventMeta full(EventType type) {
        return new EventMeta("evt-\"2\"\n", "//orchestrator/é", type, T, "subject ✓",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v,x=y");
    }

    /** Every record type with every optional field null, then with every field set. */
    static Stream<AgentEvent> events() {
        return Stream.of(
                new TaskStatusChanged(bare(EventType.TASK_STATUS_CHANGED), "t", TaskStatus.SUBMITTED, null, null, null),
                new TaskStatusChanged(full(EventType.TASK_STATUS_CHANGED), "t", TaskStatus.CANCELLED, 0.1, "E", "acme"),
                new StepStatusChanged(bare(EventType.STEP_STATUS_CHANGED), "t", "s", StepStatus.QUEUED, "a", "c", 1, null, null),
                new StepStatusChanged(full(EventType.STEP_STATUS_CHANGED), "t", "s", StepStatus.TIMED_OUT, "a", "c",
                        (int) Bounds.ATTEMPT, 1e-9, "Timeout"),
                new CallCompleted(bare(EventType.CALL_COMPLETED), "c", "a", "k", "m", CallStatus.OK, 0, 0, 0,
                        null, null, null, null, null, null),
                new CallCompleted(full(EventType.CALL_COMPLETED), "c", "a", "k", "m", CallStatus.ERROR, 812.3456789,
                        Bounds.TOKENS, 7, "t", "s", 0.000123, "RateLimited", Bounds.TOKENS, "tenant-ü"),
                new LeaseAcquired(bare(EventType.LEASE_ACQUIRED), "l", "r", "p", null, null, null, null),
                new LeaseAcquired(full(EventType.LEASE_ACQUIRED), "l", "r", "p", "a", "t", "s", 60_000L),
                new LeaseReleased(bare(EventType.LEASE_RELEASED), "l", "p", null, null),
                new LeaseReleased(full(EventType.LEASE_RELEASED), "l", "p", "r", ReleaseReason.EXPIRED),
                new PoolStatus(bare(EventType.POOL_STATUS), "p", 0, null, null),
                new PoolStatus(full(EventType.POOL_STATUS), "p", 20, 0L, PoolState.DEGRADED));
    }

    @ParameterizedTest
    @MethodSource("events")
    void roundTrip(AgentEvent event) {
        AgentEventSerde serde = new AgentEventSerde();
        byte[] bytes = serde.serializer().serialize("vigil-repartition", event);
        assertThat(bytes[0]).isEqualTo((byte) 3);
        assertThat(serde.deserializer().deserialize("vigil-repartition", bytes)).isEqualTo(event);
        assertThat(AgentEventSerde.decode(AgentEventSerde.encode(event))).isEqualTo(event);
    }

    /**
     * The exact bytes of version 3, which records in flight on {@code events-by-entity} hold during an
     * upgrade: version, type, id, source, epoch second (zig-zag), nanosecond, three absent strings, then
     * pool, capacity, absent healthy, state (a pool's layout is version 2's).
     */
    @Test
    void version3BytesAreFixed() {
        AgentEvent e = new PoolStatus(bare(EventType.POOL_STATUS), "browser", 20, null, PoolState.HEALTHY);
        assertThat(HexFormat.of().formatHex(AgentEventSerde.encode(e))).isEqualTo("03"
                + "11" + "6167656e742e706f6f6c2e737461747573" // agent.pool.status
                + "05" + "6576742d31" + "0c" + "6f7263686573747261746f72" // evt-1, orchestrator
                + "d086c6960d" + "00" + "000000" // 1768473000 s, 0 ns, no subject, traceparent, tracestate
                + "07" + "62726f77736572" + "14" + "00" + "08" + "6865616c746879"); // browser, 20, -, healthy
    }

    /**
     * A version-2 record, written by the build before cached tokens and call tenants, still decodes after an
     * upgrade: a call ends at {@code error_type} there, and its two new fields are absent.
     */
    @Test
    void version2CallsStillDecode() {
        CallCompleted call = new CallCompleted(full(EventType.CALL_COMPLETED), "c", "a", "k", "m", CallStatus.ERROR,
                812.5, 900, 7, "t", "s", 0.000123, "RateLimited", null, null);
        byte[] v3 = AgentEventSerde.encode(call);
        assertThat(Arrays.copyOfRange(v3, v3.length - 2, v3.length)).as("absent cached tokens, absent tenant")
                .containsExactly(0, 0);
        byte[] v2 = Arrays.copyOf(v3, v3.length - 2);
        v2[0] = 2;
        assertThat(AgentEventSerde.decode(v2)).isEqualTo(call);
        byte[] v2WithV3Tail = v3.clone();
        v2WithV3Tail[0] = 2;
        assertThatThrownBy(() -> AgentEventSerde.decode(v2WithV3Tail)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("trailing");
    }

    /** Every proper prefix of a record is truncated, and fails naming the format. */
    @ParameterizedTest
    @MethodSource("events")
    void truncatedRecordsAreRejected(AgentEvent event) {
        byte[] bytes = AgentEventSerde.encode(event);
        for (int n = 1; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> AgentEventSerde.decode(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(SerializationException.class).hasMessageContaining("AgentEvent v2");
        }
        byte[] trailing = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> AgentEventSerde.decode(trailing))
                .isInstanceOf(SerializationException.class).hasMessageContaining("trailing");
    }

    @Test
    void version2WithAnUnknownEnumValueIsRejectedNamingIt() {
        AgentEvent e = new PoolStatus(bare(EventType.POOL_STATUS), "p", 20, null, PoolState.HEALTHY);
        byte[] bytes = AgentEventSerde.encode(e);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("healthy", "healthz");
        assertThatThrownBy(() -> AgentEventSerde.decode(text.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown value healthz");
    }

    /** Whatever the parser accepts survives the serde unchanged. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.vigil.serdes.ExamplesTest#examples")
    void everyValidExampleRoundTrips(String path) {
        Examples.Example ex = Examples.load(path);
        ParseResult r = new CloudEventParser().parse(ex.value(), ex.headers(), ex.timestamp());
        if (r instanceof ParseResult.Valid) {
            AgentEvent e = ((ParseResult.Valid) r).event();
            assertThat(AgentEventSerde.decode(AgentEventSerde.encode(e))).isEqualTo(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 123, 255})
    void unknownVersionIsRejectedNamingIt(int version) {
        byte[] bytes = AgentEventSerde.encode(events().findFirst().orElseThrow());
        bytes[0] = (byte) version;
        assertThatThrownBy(() -> new AgentEventSerde().deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unsupported format version " + version)
                .hasMessageContaining("reads versions 2 to 3");
    }

    @Test
    void nullAndEmpty() {
        assertThat(AgentEventSerde.encode(null)).isNull();
        assertThat(AgentEventSerde.decode(null)).isNull();
        assertThatThrownBy(() -> AgentEventSerde.decode(new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("empty");
    }
}
