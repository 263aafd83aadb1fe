package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and recording rules read only metrics Vigil exposes (docs/metrics.md, as the code's
 * catalogue renders it there), with labels those metrics have, and sum every series so
 * that they are right for any number of Vigil instances.
 */
class DashboardMetricsTest {
    private final MetricCatalogue catalogue = new MetricCatalogue();
    private final Map<String, String> recordingRules = RuleFiles.recordingRules();

    @Test
    void everyMetricADashboardReadsIsVigilsOrARecordingRule() {
        List<String> unknown = new ArrayList<>();
        for (DashboardQueries.Query q : DashboardQueries.all()) {
            for (String name : PromQl.metricNames(q.expr())) {
                if (catalogue.labelsOf(name).isEmpty() && !recordingRules.containsKey(name)) {
                    unknown.add(name + " in " + q);
                }
            }
        }
        for (DashboardQueries.VariableQuery v : DashboardQueries.variables()) {
            for (String name : PromQl.metricNames(v.selector())) {
                if (catalogue.labelsOf(name).isEmpty()) {
                    unknown.add(name + " in variable " + v.name() + " of " + v.dashboard());
                }
            }
        }
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyRecordingRuleReadsOnlyVigilsMetrics() {
        recordingRules.forEach((record, expr) -> assertThat(PromQl.metricNames(expr))
                .as(record).isNotEmpty().allSatisfy(name -> assertThat(catalogue.labelsOf(name)).as(name).isPresent()));
    }

    @Test
    void everyLabelAQueryNamesExistsOnAMetricItReads() {
        Map<String, Set<String>> labelsOf = new LinkedHashMap<>();
        recordingRules.forEach((record, expr) -> labelsOf.put(record, labelsReadBy(expr, Map.of())));
        List<String> wrong = new ArrayList<>();
        for (DashboardQueries.Query q : DashboardQueries.all()) {
            Set<String> available = labelsReadBy(q.expr(), labelsOf);
            for (String label : PromQl.labelNames(q.expr())) {
                if (!available.contains(label)) {
                    wrong.add(label + " in " + q);
                }
            }
        }
        for (DashboardQueries.VariableQuery v : DashboardQueries.variables()) {
            if (!labelsReadBy(v.selector(), Map.of()).contains(v.label())) {
                wrong.add(v.label() + " of variable " + v.name() + " in " + v.dashboard());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everySeriesIsSummedSoAnyNumberOfInstancesAddsUp() {
        List<String> unsummed = new ArrayList<>();
        for (DashboardQueries.Query q : DashboardQueries.all()) {
            PromQl.unsummedMetrics(q.expr(), recordingRules.keySet()).forEach(m -> unsummed.add(m + " in " + q));
        }
        recordingRules.forEach((record, expr) ->
                PromQl.unsummedMetrics(expr, Set.of()).forEach(m -> unsummed.add(m + " in rule " + record)));
        assertThat(unsummed).isEmpty();
    }

    @Test
    void theDashboardsCoverTheDesignsPanels() {
        Set<String> read = new HashSet<>();
        DashboardQueries.all().forEach(q -> read.addAll(PromQl.metricNames(q.expr())));
        recordingRules.forEach((record, expr) -> {
            if (read.contains(record)) {
                read.addAll(PromQl.metricNames(expr));
            }
        });
        // Task overview, resource monitoring and agent performance of the design, and the alerts.
        assertThat(read).contains("task_success_ratio", "task_total", "task_duration_seconds_sum", "active_tasks",
                "model_cost_usd_total", "lease_utilization", "active_leases", "pool_healthy", "pool_capacity",
                "agent_call_total", "agent_call_latency_seconds_bucket", "model_tokens_total", "alerts_firing");
    }

    @Test
    void theOperationsDashboardCoversVigilWatchingItself() {
        Set<String> read = new HashSet<>();
        DashboardQueries.all().stream().filter(q -> q.dashboard().equals("vigil-operations.json"))
                .forEach(q -> read.addAll(PromQl.metricNames(q.expr())));
        // Intake, dead letters, lag, Kafka Streams state, rebalances, commits, RocksDB, heap, GC, CPU, RSS,
        // alert events, Alertmanager notifications, Loki drops (issue 15).
        assertThat(read).contains("vigil_events_total", "vigil_dlq_total", "kafka_consumer_fetch_manager_records_lag_max",
                "kafka_stream_client_state", "kafka_consumer_coordinator_rebalance_total",
                "kafka_stream_thread_commit_latency_avg", "vigil_rocksdb_block_cache_usage_bytes", "jvm_memory_used_bytes",
                "jvm_gc_collection_seconds_sum", "process_cpu_seconds_total", "process_resident_memory_bytes",
                "vigil_alert_events_total", "vigil_log_dropped_total", "alerts_firing", "vigil_build_info");
        assertThat(read).containsAll(catalogue.onlyWithAlertmanager().stream()
                .map(f -> f.endsWith("_seconds") ? f + "_bucket" : f).toList());
    }

    /** The labels of every metric (or recording rule, from {@code recorded}) an expression reads. */
    private Set<String> labelsReadBy(String expr, Map<String, Set<String>> recorded) {
        Set<String> labels = new HashSet<>();
        for (String name : PromQl.metricNames(expr)) {
            Optional<Set<String>> known = catalogue.labelsOf(name);
            known.ifPresent(labels::addAll);
            labels.addAll(recorded.getOrDefault(name, Set.of()));
        }
        return labels;
    }
}
