package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.serdes.DlqReason;
import dev.vigil.serdes.event.EventType;
import dev.vigil.topology.SelfMetricKey.DeadLetters;
import dev.vigil.topology.SelfMetricKey.Events;
import dev.vigil.topology.SelfMetricKey.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys of the outcome-count stores are an upgrade contract: their text must never change. */
class SelfMetricKeyTest {

    @Test
    void eventsKeysAreTheWordEventsTheTypeAndTheOutcome() {
        assertThat(new Events("agent.task.status_changed", Outcome.ACCEPTED).encode())
                .isEqualTo("events|agent.task.status_changed|accepted");
        assertThat(new Events("agent.call.completed", Outcome.DUPLICATE).encode())
                .isEqualTo("events|agent.call.completed|duplicate");
        assertThat(new Events("unknown", Outcome.INVALID).encode()).isEqualTo("events|unknown|invalid");
    }

    @Test
    void deadLetterKeysAreTheWordDlqAndTheReason() {
        assertThat(new DeadLetters("time_in_future").encode()).isEqualTo("dlq|time_in_future");
        assertThat(new DeadLetters("bad_json").encode()).isEqualTo("dlq|bad_json");
    }

    /** Every key this version writes: each type label with each outcome, each dead-letter reason. */
    static Stream<SelfMetricKey> keys() {
        List<SelfMetricKey> keys = new ArrayList<>();
        List<String> types = new ArrayList<>(Stream.of(EventType.values()).map(EventType::wireName).toList());
        types.add("unknown");
        for (String type : types) {
            for (Outcome outcome : Outcome.values()) {
                keys.add(new Events(type, outcome));
            }
        }
        for (DlqReason reason : DlqReason.values()) {
            keys.add(new DeadLetters(reason.wireName()));
        }
        return keys.stream();
    }

    @ParameterizedTest
    @MethodSource("keys")
    void everyKeyRoundTrips(SelfMetricKey key) {
        assertThat(SelfMetricKey.decode(key.encode())).isEqualTo(key);
    }

    @Test
    void decodingReadsTheFieldsBack() {
        assertThat(SelfMetricKey.decode("events|agent.pool.status|duplicate"))
                .isEqualTo(new Events("agent.pool.status", Outcome.DUPLICATE));
        assertThat(SelfMetricKey.decode("dlq|too_large")).isEqualTo(new DeadLetters("too_large"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "events|", "events|agent.pool.status", "events|agent.pool.status|lost", "dlx|x",
            "alerts|firing"})
    void anythingElseIsRejectedNamingIt(String text) {
        assertThatThrownBy(() -> SelfMetricKey.decode(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'");
    }

    @Test
    void outcomesAreTheLabelValuesOfTheMetricsReference() {
        assertThat(Stream.of(Outcome.values()).map(Outcome::wireName)).containsExactly("accepted", "duplicate", "invalid");
    }
}
