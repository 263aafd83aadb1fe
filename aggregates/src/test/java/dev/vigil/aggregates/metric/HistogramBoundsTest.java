package dev.vigil.aggregates.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HistogramBoundsTest {
    private static final HistogramBounds DURATION = AggregatesSettings.defaults().durationBounds();
    private static final HistogramBounds LATENCY = AggregatesSettings.defaults().callLatencyBounds();

    @ParameterizedTest(name = "duration {0}s -> bucket {1}")
    @CsvSource({
            "0,       0",    // below the first bound
            "0.05,    0",    // exactly on the first bound: le=0.05
            "0.0500001, 1",
            "0.1,     1",
            "1,       4",
            "2.5,     5",
            "3600,   14",    // the last bound
            "3600.5, 15",    // above every bound: only +Inf
    })
    void durationBuckets(double value, int bucket) {
        assertThat(DURATION.bucketOf(value)).isEqualTo(bucket);
    }

    @ParameterizedTest(name = "latency {0}s -> bucket {1}")
    @CsvSource({"0.01, 0", "0.015, 1", "0.02, 1", "1.5, 8", "81.92, 13", "100, 14"})
    void callLatencyBuckets(double value, int bucket) {
        assertThat(LATENCY.bucketOf(value)).isEqualTo(bucket);
    }

    @Test
    void defaultBoundsAreTheConfiguredOnes() {
        assertThat(DURATION.size()).isEqualTo(15);
        assertThat(DURATION.asList()).startsWith(0.05, 0.1).endsWith(3600.0);
        assertThat(LATENCY.size()).isEqualTo(14);
        assertThat(LATENCY.upperBound(13)).isEqualTo(81.92);
    }

    @Test
    void rejectsBoundsThatAreNotStrictlyIncreasingOrFinite() {
        assertThatThrownBy(() -> HistogramBounds.of(List.of(1.0, 1.0))).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> HistogramBounds.of(2.0, 1.0)).hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> HistogramBounds.of(1.0, Double.POSITIVE_INFINITY)).hasMessageContaining("finite");
        assertThat(HistogramBounds.of(1.0, 2.0)).isEqualTo(HistogramBounds.of(List.of(1.0, 2.0)));
    }
}
