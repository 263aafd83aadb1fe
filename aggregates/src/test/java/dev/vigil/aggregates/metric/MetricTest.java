package dev.vigil.aggregates.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricTest {

    @Test
    void catalogueHoldsContractMetricsAndSelfMetricsButNotAlertsFiring() {
        assertThat(Arrays.stream(Metric.values()).map(Metric::metricName)).containsExactly(
                "task_total", "active_tasks", "task_duration_seconds", "task_success_ratio",
                "step_duration_seconds", "queue_depth",
                "agent_call_total", "agent_call_latency_seconds", "agent_call_success_ratio", "model_tokens_total",
                "model_cost_usd_total", "vigil_unpriced_calls_total",
                "active_leases", "lease_held_seconds", "lease_expired_total", "lease_utilization", "pool_capacity",
                "pool_healthy", "browser_pool_available",
                "vigil_late_events_total",
                "task_cost_usd", "tenant_cost_usd_total", "tenant_tokens_total", "tenant_calls_total",
                "tenant_tasks_total", "vigil_late_cost_usd_total");
    }

    @Test
    void labelsAreThoseOfTheContractInOrder() {
        Map<String, List<String>> labels = Arrays.stream(Metric.values())
                .collect(Collectors.toMap(Metric::metricName, Metric::labelNames));
        assertThat(labels).containsAllEntriesOf(Map.ofEntries(
                Map.entry("task_total", List.of("status")),
                Map.entry("active_tasks", List.of()),
                Map.entry("task_duration_seconds", List.of("status")),
                Map.entry("task_success_ratio", List.of("window")),
                Map.entry("step_duration_seconds", List.of("agent_name", "capability", "status")),
                Map.entry("queue_depth", List.of("capability")),
                Map.entry("agent_call_total", List.of("agent_name", "capability", "model_name", "status")),
                Map.entry("agent_call_latency_seconds", List.of("agent_name", "model_name")),
                Map.entry("agent_call_success_ratio", List.of("agent_name", "window")),
                Map.entry("model_tokens_total", List.of("agent_name", "model_name", "direction")),
                Map.entry("model_cost_usd_total", List.of("agent_name", "model_name")),
                Map.entry("vigil_unpriced_calls_total", List.of("model_name")),
                Map.entry("active_leases", List.of("pool", "agent_name")),
                Map.entry("lease_held_seconds", List.of("pool")),
                Map.entry("lease_expired_total", List.of("pool")),
                Map.entry("lease_utilization", List.of("pool")),
                Map.entry("pool_capacity", List.of("pool")),
                Map.entry("pool_healthy", List.of("pool")),
                Map.entry("browser_pool_available", List.of()),
                Map.entry("vigil_late_events_total", List.of("type")),
                Map.entry("task_cost_usd", List.of("status")),
                Map.entry("tenant_cost_usd_total", List.of("tenant")),
                Map.entry("tenant_tokens_total", List.of("tenant", "direction")),
                Map.entry("tenant_calls_total", List.of("tenant")),
                Map.entry("tenant_tasks_total", List.of("tenant", "status")),
                Map.entry("vigil_late_cost_usd_total", List.of())));
    }

    @Test
    void ratiosAreKeyedWithoutTheirWindowLabel() {
        assertThat(Metric.AGENT_CALL_SUCCESS_RATIO.keyLabels()).containsExactly(Label.AGENT_NAME);
        assertThat(Metric.TASK_SUCCESS_RATIO.keyLabels()).isEmpty();
        for (Metric m : Metric.values()) {
            if (m.type() != MetricType.RATIO) {
                assertThat(m.labels()).as(m.metricName()).isEqualTo(m.keyLabels());
            }
        }
    }

    @Test
    void groupsFollowTheDocsTable() {
        Map<MetricGroup, List<String>> byGroup = Arrays.stream(Metric.values()).collect(Collectors.groupingBy(
                Metric::group, Collectors.mapping(Metric::metricName, Collectors.toList())));
        assertThat(byGroup.get(MetricGroup.TASKS)).containsExactly("task_total", "active_tasks",
                "task_duration_seconds", "task_success_ratio", "task_cost_usd");
        assertThat(byGroup.get(MetricGroup.STEPS)).containsExactly("step_duration_seconds", "queue_depth");
        assertThat(byGroup.get(MetricGroup.CALLS)).containsExactly("agent_call_total", "agent_call_latency_seconds",
                "agent_call_success_ratio", "model_tokens_total", "model_cost_usd_total", "vigil_unpriced_calls_total",
                "tenant_cost_usd_total", "tenant_tokens_total", "tenant_calls_total", "tenant_tasks_total");
        assertThat(byGroup.get(MetricGroup.POOLS)).containsExactly("active_leases", "lease_held_seconds",
                "lease_expired_total", "lease_utilization", "pool_capacity", "pool_healthy", "browser_pool_available");
        assertThat(byGroup.get(MetricGroup.VIGIL)).containsExactly("vigil_late_events_total",
                "vigil_late_cost_usd_total");
    }

    @Test
    void typesExpositionAndBuckets() {
        assertThat(Metric.TASK_TOTAL.type().exposition().text()).isEqualTo("counter");
        assertThat(Metric.TASK_SUCCESS_RATIO.type().exposition().text()).isEqualTo("gauge");
        assertThat(Metric.LEASE_UTILIZATION.type().exposition().text()).isEqualTo("gauge");
        assertThat(Metric.LEASE_HELD_SECONDS.type().exposition().text()).isEqualTo("histogram");
        for (Metric m : Metric.values()) {
            assertThat(m.bucketKind().isPresent()).as(m.metricName()).isEqualTo(m.type() == MetricType.HISTOGRAM);
            assertThat(m.help()).as(m.metricName()).isNotBlank().doesNotContain("\n");
        }
        assertThat(Metric.AGENT_CALL_LATENCY_SECONDS.bucketKind()).contains(BucketKind.CALL_LATENCY);
        assertThat(Metric.TASK_DURATION_SECONDS.bucketKind()).contains(BucketKind.DURATION);
        assertThat(Metric.STEP_DURATION_SECONDS.bucketKind()).contains(BucketKind.DURATION);
        assertThat(Metric.LEASE_HELD_SECONDS.bucketKind()).contains(BucketKind.DURATION);
        assertThat(Metric.TASK_COST_USD.bucketKind()).contains(BucketKind.COST);
        assertThat(Arrays.stream(Metric.values()).filter(m -> m.type() == MetricType.DERIVED))
                .containsExactly(Metric.LEASE_UTILIZATION, Metric.POOL_CAPACITY, Metric.BROWSER_POOL_AVAILABLE);
        assertThat(Arrays.stream(Metric.values()).filter(m -> !m.stored()))
                .containsExactly(Metric.LEASE_UTILIZATION, Metric.BROWSER_POOL_AVAILABLE);
    }

    @Test
    void counterFamiliesDropTotal() {
        assertThat(Metric.TASK_TOTAL.familyName()).isEqualTo("task");
        assertThat(Metric.VIGIL_LATE_EVENTS_TOTAL.familyName()).isEqualTo("vigil_late_events");
        assertThat(Metric.ACTIVE_TASKS.familyName()).isEqualTo("active_tasks");
    }

    @Test
    void idsAndNamesAreUniqueAndResolvable() {
        for (Metric m : Metric.values()) {
            assertThat(Metric.fromId(m.id())).contains(m);
            assertThat(Metric.fromName(m.metricName())).contains(m);
        }
        assertThat(Metric.fromName("alerts_firing")).isEmpty();
        assertThat(Metric.fromId(0)).isEmpty();
        for (MetricGroup g : MetricGroup.values()) {
            assertThat(MetricGroup.fromId(g.id())).contains(g);
            assertThat(MetricGroup.fromWireName(g.wireName())).contains(g);
        }
    }

    @Test
    void onlyFreeFormLabelsFold() {
        assertThat(Arrays.stream(Label.values()).filter(Label::foldable))
                .containsExactly(Label.AGENT_NAME, Label.CAPABILITY, Label.MODEL_NAME, Label.POOL, Label.TENANT);
    }
}
