package dev.vigil.serdes.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys of the dedup-seen store are an upgrade contract: their text must never change. */
class DedupKeyTest {

    @Test
    void aKeyIsTheLengthOfTheSourceAColonTheSourceThenTheId() {
        assertThat(new DedupKey("orchestrator", "e1").encode()).isEqualTo("12:orchestratore1");
        assertThat(new DedupKey("", "e").encode()).isEqualTo("0:e");
        assertThat(new DedupKey("a:b", "1:2").encode()).isEqualTo("3:a:b1:2");
        assertThat(new DedupKey("é✓", "x").encode()).as("UTF-16 code units").isEqualTo("2:é✓x");
    }

    @Test
    void anEventsKeyIsItsSourceAndId() {
        EventMeta meta = new EventMeta("evt-1", "//orchestrator", EventType.POOL_STATUS, Instant.EPOCH, null, null,
                null);
        AgentEvent event = new PoolStatus(meta, "browser", 3, null, null);
        assertThat(DedupKey.of(meta)).isEqualTo(new DedupKey("//orchestrator", "evt-1"));
        assertThat(event.dedupKey()).isEqualTo("14://orchestratorevt-1");
    }

    @Test
    void theLengthKeepsPairsApartThatConcatenateAlike() {
        assertThat(new DedupKey("ab", "c").encode()).isNotEqualTo(new DedupKey("a", "bc").encode());
    }

    static Stream<DedupKey> keys() {
        return Stream.of(new DedupKey("orchestrator", "e1"), new DedupKey("", ""), new DedupKey("1:2", "3:4"),
                new DedupKey("ünïcödé", "✓"), new DedupKey("s", "12:orchestrator"));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void everyKeyRoundTrips(DedupKey key) {
        assertThat(DedupKey.decode(key.encode())).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "orchestrator", "x:orchestrator", "99:short", "-1:x"})
    void anythingElseIsRejected(String text) {
        assertThatThrownBy(() -> DedupKey.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a dedup key");
    }
}
