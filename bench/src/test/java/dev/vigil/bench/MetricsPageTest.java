package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsPageTest {
    private static final String EXPOSITION = """
            # HELP active_leases Leases held now.
            # TYPE active_leases gauge
            active_leases{agent_name="unknown",pool="p 0"} 3.0
            active_leases{agent_name="unknown",pool="p1"} 4.0
            # TYPE active_tasks gauge
            active_tasks 5.0
            # TYPE active_tasks_other gauge
            active_tasks_other 100.0
            """;

    @Test
    void sumsEveryLabelSetOfOneMetricAndNoOther() {
        assertThat(MetricsPage.sum(EXPOSITION, "active_leases")).isEqualTo(7.0);
        assertThat(MetricsPage.sum(EXPOSITION, "active_tasks")).isEqualTo(5.0);
        assertThat(MetricsPage.sum(EXPOSITION, "vigil_events_total")).isZero();
    }
}
