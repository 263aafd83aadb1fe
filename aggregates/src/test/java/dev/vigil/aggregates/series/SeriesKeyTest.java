package dev.vigil.aggregates.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeriesKeyTest {

    static Stream<Arguments> keys() {
        return Stream.of(
                Arguments.of(SeriesKey.of(Metric.ACTIVE_TASKS), "active_tasks"),
                Arguments.of(SeriesKey.of(Metric.TASK_TOTAL, "submitted"), "task_total|9:submitted"),
                Arguments.of(SeriesKey.of(Metric.AGENT_CALL_TOTAL, "planner", "chat", "gpt-4o", "ok"),
                        "agent_call_total|7:planner|4:chat|6:gpt-4o|2:ok"),
                // separators and digits inside values stay unambiguous
                Arguments.of(SeriesKey.of(Metric.ACTIVE_LEASES, "a|1:b", "|"), "active_leases|5:a|1:b|1:|"),
                Arguments.of(SeriesKey.of(Metric.ACTIVE_LEASES, "", "#clock"), "active_leases|0:|6:#clock"),
                Arguments.of(SeriesKey.of(Metric.QUEUE_DEPTH, "ünïcödé ✓"), "queue_depth|9:ünïcödé ✓"),
                Arguments.of(SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "__clock__"),
                        "agent_call_success_ratio|9:__clock__"),
                Arguments.of(SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO), "agent_call_success_ratio#clock"),
                Arguments.of(SeriesKey.clock(Metric.TASK_SUCCESS_RATIO), "task_success_ratio#clock"),
                Arguments.of(SeriesKey.cardinalityCounter(Metric.AGENT_CALL_TOTAL), "agent_call_total#series"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keys")
    void encodesCanonicallyAndDecodesBack(SeriesKey key, String encoded) {
        assertThat(key.encode()).isEqualTo(encoded);
        assertThat(SeriesKey.decode(encoded)).isEqualTo(key);
    }

    @Test
    void aLabelValueCannotCollideWithABookkeepingKey() {
        SeriesKey real = SeriesKey.of(Metric.AGENT_CALL_SUCCESS_RATIO, "__clock__");
        assertThat(real).isNotEqualTo(SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO));
        assertThat(real.encode()).isNotEqualTo(SeriesKey.clock(Metric.AGENT_CALL_SUCCESS_RATIO).encode());
    }

    @Test
    void seriesOfAMetricShareItsPrefix() {
        assertThat(SeriesKey.of(Metric.TASK_TOTAL, "failed").encode()).startsWith(SeriesKey.seriesPrefix(Metric.TASK_TOTAL));
        assertThat(SeriesKey.clock(Metric.TASK_SUCCESS_RATIO).encode())
                .doesNotStartWith(SeriesKey.seriesPrefix(Metric.TASK_SUCCESS_RATIO));
    }

    @Test
    void labelValueByLabel() {
        SeriesKey key = SeriesKey.of(Metric.ACTIVE_LEASES, "browser", "planner");
        assertThat(key.labelValue(Label.POOL)).isEqualTo("browser");
        assertThat(key.labelValue(Label.AGENT_NAME)).isEqualTo("planner");
        assertThatThrownBy(() -> key.labelValue(Label.STATUS)).hasMessageContaining("no label status");
    }

    @Test
    void rejectsWrongLabelCountsAndKinds() {
        assertThatThrownBy(() -> SeriesKey.of(Metric.TASK_TOTAL)).hasMessageContaining("has labels");
        assertThatThrownBy(() -> SeriesKey.of(Metric.TASK_TOTAL, "a", "b")).hasMessageContaining("has labels");
        assertThatThrownBy(() -> SeriesKey.of(Metric.LEASE_UTILIZATION, "browser")).hasMessageContaining("derived");
        assertThatThrownBy(() -> SeriesKey.clock(Metric.TASK_TOTAL)).hasMessageContaining("no clock");
        assertThatThrownBy(() -> new SeriesKey(Metric.TASK_TOTAL, SeriesKey.Kind.SERIES_COUNT, List.of("x")))
                .hasMessageContaining("no labels");
        assertThatThrownBy(() -> SeriesKey.of(Metric.TASK_TOTAL, (String) null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "task_total|", "task_total|x:ab", "task_total|3:ab", "task_total|2ab",
            "task_total|-1:", "task_total|+1:a", "task_total#other", "task_total|1:a|1:b", "task_total|1:ax"})
    void rejectsMalformedKeys(String encoded) {
        assertThatThrownBy(() -> SeriesKey.decode(encoded)).isInstanceOf(IllegalArgumentException.class);
    }
}
