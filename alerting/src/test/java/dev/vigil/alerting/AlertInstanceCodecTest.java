package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.series.EventRef;
import dev.vigil.serdes.binary.CodecException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertInstanceCodecTest {

    private static AlertInstance full() {
        AlertInstance i = new AlertInstance("AgentCallSuccessLow", Map.of("agent_name", "plännér 🚀"), 0x1234_5678_9abc_def0L);
        i.state(AlertInstance.State.FIRING);
        i.sequence(7);
        i.pendingSinceMs(AlertInstance.NONE);
        i.startedAtMs(1_768_471_200_000L);
        i.clearingSinceMs(1_768_471_260_000L);
        i.lastChangeMs(1_768_471_260_000L);
        i.lastEvalMs(1_768_471_270_000L);
        i.lastSeenMs(-5);
        i.judged(0.82, 57L, "5m", 0.9);
        i.severity("critical");
        i.labels(Map.of("agent_name", "plännér 🚀", "team", "agents"));
        i.annotations(Map.of("summary", "x {{value}} y", "empty", ""));
        i.deltas(List.of(new AlertInstance.DeltaBucket(-3, 0.1), new AlertInstance.DeltaBucket(2_457_000, 1e9)));
        i.counts(List.of(new AlertInstance.CountBucket(29_474_520, 3, 100), new AlertInstance.CountBucket(29_474_521, 0, 1)));
        i.trigger(new EventRef("orchestrator/eu-1", "evt-9", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        return i;
    }

    @Test
    void roundTripsEveryField() {
        AlertInstance full = full();
        AlertInstance back = AlertInstanceCodec.decode(AlertInstanceCodec.encode(full));
        assertThat(back).isEqualTo(full);
        assertThat(back.fingerprint()).isEqualTo(Fingerprints.of("AgentCallSuccessLow", Map.of("agent_name", "plännér 🚀")));
        assertThat(back.lastSeenMs()).isEqualTo(-5);
        assertThat(back.deltas()).isEqualTo(full.deltas());
        assertThat(back.counts()).isEqualTo(full.counts());
        assertThat(back.trigger()).isEqualTo(full.trigger());
    }

    @Test
    void roundTripsATriggerWithoutTraceparent() {
        AlertInstance i = full();
        i.trigger(new EventRef("s", "id-1", null));
        assertThat(AlertInstanceCodec.decode(AlertInstanceCodec.encode(i)).trigger())
                .isEqualTo(new EventRef("s", "id-1", null));
        i.trigger(null);
        assertThat(AlertInstanceCodec.decode(AlertInstanceCodec.encode(i)).trigger()).isNull();
    }

    /** Version 1 is version 2 without the trigger byte: a store written by the previous build still reads. */
    @Test
    void readsVersion1WithoutATrigger() {
        AlertInstance i = full();
        i.trigger(null);
        byte[] v2 = AlertInstanceCodec.encode(i);
        byte[] v1 = Arrays.copyOf(v2, v2.length - 1);
        v1[0] = 1;
        AlertInstance back = AlertInstanceCodec.decode(v1);
        assertThat(back).isEqualTo(i);
        assertThat(back.trigger()).isNull();
    }

    @Test
    void roundTripsANewInstance() {
        AlertInstance fresh = new AlertInstance("TaskSuccessLow", Map.of(), 0);
        AlertInstance back = AlertInstanceCodec.decode(AlertInstanceCodec.encode(fresh));
        assertThat(back).isEqualTo(fresh);
        assertThat(back.value()).isNull();
        assertThat(back.samples()).isNull();
        assertThat(back.window()).isNull();
        assertThat(back.startedAtMs()).isEqualTo(AlertInstance.NONE);
        assertThat(AlertInstanceCodec.CODEC.decode(AlertInstanceCodec.CODEC.encode(fresh))).isEqualTo(fresh);
        assertThat(AlertInstanceCodec.CODEC.encode(null)).isNull();
    }

    @Test
    void versionedAndStrict() {
        byte[] bytes = AlertInstanceCodec.encode(full());
        assertThat(bytes[0]).isEqualTo((byte) AlertInstanceCodec.FORMAT_VERSION);
        byte[] v3 = bytes.clone();
        v3[0] = 3;
        assertThatThrownBy(() -> AlertInstanceCodec.decode(v3)).isInstanceOf(CodecException.class)
                .hasMessage("AlertInstance: unknown format version 3 (this build reads 1 and 2)");
        assertThatThrownBy(() -> AlertInstanceCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(CodecException.class).hasMessageContaining("AlertInstance: ");
        assertThatThrownBy(() -> AlertInstanceCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(CodecException.class).hasMessage("AlertInstance: 1 trailing bytes");
        assertThatThrownBy(() -> AlertInstanceCodec.decode(new byte[0])).isInstanceOf(CodecException.class);
    }
}
