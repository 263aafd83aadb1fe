package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.simulator.PrometheusSamples;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** How the peer's output becomes samples comparable with the truth's, and that a wrong value shows. */
class FlinkPeerRunTest {
    private static final String STEP = "step_duration_seconds{agent_name=\"coder\",capability=\"code\",status=\"failed\"}";

    @Test
    void aHistogramValueExpandsToCumulativeBucketsCountAndSum() {
        // 15 default bounds: one observation of 0.07 s (bucket le=0.1) and one of 4000 s (only +Inf).
        String value = "2 4000.07 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1";
        Map<String, Double> samples = FlinkPeerRun.samples(Map.of(STEP, value,
                "task_total{status=\"submitted\"}", "3.0"));

        assertThat(samples).containsEntry("task_total{status=\"submitted\"}", 3.0)
                .containsEntry("step_duration_seconds_count{agent_name=\"coder\",capability=\"code\",status=\"failed\"}", 2.0)
                .containsEntry("step_duration_seconds_sum{agent_name=\"coder\",capability=\"code\",status=\"failed\"}", 4000.07)
                .containsEntry("step_duration_seconds_bucket{agent_name=\"coder\",capability=\"code\",le=\"0.05\",status=\"failed\"}", 0.0)
                .containsEntry("step_duration_seconds_bucket{agent_name=\"coder\",capability=\"code\",le=\"0.1\",status=\"failed\"}", 1.0)
                .containsEntry("step_duration_seconds_bucket{agent_name=\"coder\",capability=\"code\",le=\"3600.0\",status=\"failed\"}", 1.0)
                .containsEntry("step_duration_seconds_bucket{agent_name=\"coder\",capability=\"code\",le=\"+Inf\",status=\"failed\"}", 2.0)
                .hasSize(1 + 16 + 2);
    }

    @Test
    void aCountOffByOneIsADifference() {
        Map<String, Double> actual = FlinkPeerRun.samples(Map.of("agent_call_total{agent_name=\"a\",capability=\"c\","
                + "model_name=\"m\",status=\"ok\"}", "41.0"));
        Map<String, Double> truth = new TreeMap<>(Map.of("agent_call_total{agent_name=\"a\",capability=\"c\","
                + "model_name=\"m\",status=\"ok\"}", 42.0, "active_tasks", 1.0));

        assertThat(PrometheusSamples.differences(PrometheusSamples.select(truth, FlinkPeerRun.FAMILIES), actual))
                .singleElement().asString().startsWith("differs");
    }
}
