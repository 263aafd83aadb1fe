package dev.vigil.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.SelfMetricKey.DeadLetters;
import dev.vigil.topology.SelfMetricKey.Events;
import dev.vigil.topology.SelfMetricKey.Outcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void sumsAnOutcomeOverEveryTypeAndIgnoresDeadLetterCounts() {
        Map<SelfMetricKey, Long> counts = Map.of(
                new Events("agent.task.status_changed", Outcome.ACCEPTED), 5L,
                new Events("agent.call.completed", Outcome.ACCEPTED), 7L,
                new Events("agent.call.completed", Outcome.DUPLICATE), 2L,
                new Events("unknown", Outcome.INVALID), 3L,
                new DeadLetters("bad_json"), 3L);
        assertThat(Summary.sum(counts, Outcome.ACCEPTED)).isEqualTo(12);
        assertThat(Summary.sum(counts, Outcome.DUPLICATE)).isEqualTo(2);
        assertThat(Summary.sum(counts, Outcome.INVALID)).isEqualTo(3);
    }
}
