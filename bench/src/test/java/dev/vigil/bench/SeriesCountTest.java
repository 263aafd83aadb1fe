package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesCountTest {
    private static final String EXPOSITION = """
            # HELP agent_call_latency_seconds Agent call latency, in seconds.
            # TYPE agent_call_latency_seconds histogram
            agent_call_latency_seconds_bucket{agent_name="a",model_name="m",le="0.1"} 1
            agent_call_latency_seconds_bucket{agent_name="a",model_name="m",le="+Inf"} 2
            agent_call_latency_seconds_count{agent_name="a",model_name="m"} 2
            agent_call_latency_seconds_sum{agent_name="a",model_name="m"} 0.3
            agent_call_latency_seconds_bucket{agent_name="b",model_name="m",le="0.1"} 0
            agent_call_latency_seconds_bucket{agent_name="b",model_name="m",le="+Inf"} 1
            agent_call_latency_seconds_count{agent_name="b",model_name="m"} 1
            agent_call_latency_seconds_sum{agent_name="b",model_name="m"} 0.2
            # HELP task_total Tasks.
            # TYPE task_total counter
            task_total{status="submitted"} 3.0
            task_total{status="succeeded"} 1.0
            # TYPE task_created gauge
            task_created{status="submitted"} 1.7E9
            task_created{status="succeeded"} 1.7E9
            # TYPE active_tasks gauge
            active_tasks 2.0
            # TYPE kafka_consumer_fetch_total counter
            kafka_consumer_fetch_total{client_id="c"} 10.0
            # TYPE kafka_stream_state gauge
            kafka_stream_state 1.0
            """;

    @Test
    void aHistogramDataPointCountsOnceAndACounterWithoutItsCreatedTimestamp() {
        SeriesCount.Counts counts = SeriesCount.of(EXPOSITION, null);

        assertThat(counts.samples()).isEqualTo(15);
        assertThat(counts.vigilSamples()).isEqualTo(13);
        // 2 histogram label sets + 2 task_total (not their task_created) + active_tasks; kafka_* left out.
        assertThat(counts.vigilSeries()).isEqualTo(5);
        assertThat(counts.marked()).isZero();
    }

    @Test
    void countsTheMarkedSeriesApart() {
        assertThat(SeriesCount.of(EXPOSITION, "agent_name=\"a\"").marked()).isEqualTo(1);
        assertThat(SeriesCount.of(EXPOSITION, "status=").marked()).isEqualTo(2);
    }

    @Test
    void aLineOfNoTypedFamilyStandsAlone() {
        SeriesCount.Counts counts = SeriesCount.of("# TYPE x_seconds histogram\nx_seconds_count 1\nother 2\n", null);

        assertThat(counts.vigilSeries()).isEqualTo(2);
    }
}
