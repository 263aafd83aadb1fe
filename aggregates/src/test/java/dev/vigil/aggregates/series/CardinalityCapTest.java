package dev.vigil.aggregates.series;

import static dev.vigil.aggregates.series.CardinalityCap.OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.metric.Metric;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CardinalityCapTest {
    private static final int MAX = 2;

    /** The series stage's bookkeeping, in miniature. */
    private final Set<SeriesKey> existing = new HashSet<>();

    private SeriesKey admit(SeriesKey key) {
        CardinalityCap.Admission a = CardinalityCap.admit(key, existing::contains, existing.size(), MAX);
        if (a.created()) {
            assertThat(existing.add(a.key())).isTrue();
        } else {
            assertThat(existing).contains(a.key());
        }
        return a.key();
    }

    private static SeriesKey calls(String agent, String model, String status) {
        return SeriesKey.of(Metric.AGENT_CALL_TOTAL, agent, "chat", model, status);
    }

    @Test
    void admitsUntilFullThenFoldsFreeFormLabelsKeepingEnumeratedOnes() {
        assertThat(admit(calls("a", "m", "ok"))).isEqualTo(calls("a", "m", "ok"));
        assertThat(admit(calls("b", "m", "ok"))).isEqualTo(calls("b", "m", "ok"));
        SeriesKey folded = SeriesKey.of(Metric.AGENT_CALL_TOTAL, OTHER, OTHER, OTHER, "error");
        assertThat(admit(calls("c", "m", "error"))).isEqualTo(folded);   // created beyond the cap
        assertThat(admit(calls("d", "n", "error"))).isEqualTo(folded);   // reuses the folded series
        assertThat(existing).hasSize(3);
    }

    @Test
    void admittedStaysAdmittedAndFoldedStaysFolded() {
        admit(calls("a", "m", "ok"));
        admit(calls("b", "m", "ok"));
        SeriesKey c = admit(calls("c", "m", "ok"));
        for (int i = 0; i < 3; i++) {
            assertThat(admit(calls("a", "m", "ok"))).isEqualTo(calls("a", "m", "ok"));
            assertThat(admit(calls("c", "m", "ok"))).isEqualTo(c);
        }
        assertThat(c.labelValues()).containsExactly(OTHER, OTHER, OTHER, "ok");
    }

    @Test
    void metricsWithOnlyEnumeratedLabelsAreNeverFolded() {
        existing.add(SeriesKey.of(Metric.TASK_TOTAL, "submitted"));
        existing.add(SeriesKey.of(Metric.TASK_TOTAL, "succeeded"));
        assertThat(admit(SeriesKey.of(Metric.TASK_TOTAL, "failed"))).isEqualTo(SeriesKey.of(Metric.TASK_TOTAL, "failed"));
        assertThat(existing).hasSize(3);
    }

    @Test
    void directionAndTypeAreKept() {
        assertThat(CardinalityCap.fold(SeriesKey.of(Metric.MODEL_TOKENS_TOTAL, "a", "m", "input")).labelValues())
                .containsExactly(OTHER, OTHER, "input");
        assertThat(CardinalityCap.fold(SeriesKey.of(Metric.VIGIL_LATE_EVENTS_TOTAL, "agent.call.completed")))
                .isEqualTo(SeriesKey.of(Metric.VIGIL_LATE_EVENTS_TOTAL, "agent.call.completed"));
        assertThat(CardinalityCap.fold(SeriesKey.of(Metric.ACTIVE_LEASES, "p", "a")).labelValues())
                .containsExactly(OTHER, OTHER);
    }

    @Test
    void anAlreadyExistingFoldedValueIsJustUsed() {
        SeriesKey other = SeriesKey.of(Metric.QUEUE_DEPTH, OTHER);
        assertThat(CardinalityCap.fold(other)).isSameAs(other);
        existing.add(other);
        existing.add(SeriesKey.of(Metric.QUEUE_DEPTH, "x"));
        assertThat(admit(SeriesKey.of(Metric.QUEUE_DEPTH, "y"))).isEqualTo(other);
        assertThat(existing).hasSize(2);
    }
}
