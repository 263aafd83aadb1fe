package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The static PromQL reading the dashboard checks rely on finds what it must, and no more. */
class PromQlTest {
    @Test
    void findsMetricsButNotFunctionsKeywordsLabelsOrVariables() {
        String expr = "histogram_quantile(0.95, sum by (agent_name, le) (rate(agent_call_latency_seconds_bucket"
                + "{agent_name=~\"$agent_name\", model_name=\"a:b\"}[$__rate_interval]))) "
                + "/ on () group_left sum(x:y:rate5m offset 5m) and bool 1e3";
        assertThat(PromQl.metricNames(expr)).containsExactly("agent_call_latency_seconds_bucket", "x:y:rate5m");
        assertThat(PromQl.labelNames(expr)).containsExactlyInAnyOrder("agent_name", "le", "model_name");
    }

    @Test
    void flagsSeriesReadOutsideASum() {
        assertThat(PromQl.unsummedMetrics("rate(task_total[5m])", Set.of())).containsExactly("task_total");
        assertThat(PromQl.unsummedMetrics("max by (pool) (pool_capacity)", Set.of())).containsExactly("pool_capacity");
        assertThat(PromQl.unsummedMetrics("sum(a) / b", Set.of())).containsExactly("b");
        assertThat(PromQl.unsummedMetrics("sum by (status) (rate(task_total[5m])) / sum(c) by (x)", Set.of())).isEmpty();
        assertThat(PromQl.unsummedMetrics("histogram_quantile(0.5, r:bucket:rate5m)", Set.of("r:bucket:rate5m"))).isEmpty();
    }
}
