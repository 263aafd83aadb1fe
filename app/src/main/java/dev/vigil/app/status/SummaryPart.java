package dev.vigil.app.status;

import java.util.List;
import java.util.Map;

/**
 * What one instance knows of the whole application's summary: the totals of the partitions it
 * owns, as raw counts (never ratios), so that the parts of all instances add up exactly
 * ({@code GET /api/v1/summary?scope=local}). {@link SummaryAssembly} merges them.
 *
 * @param events           input records by type and outcome ({@code vigil_events_total})
 * @param deadLetters      dead letters by reason ({@code vigil_dlq_total})
 * @param alerts           the alert instances firing in the owned partitions
 * @param pools            the pools' series, when this instance owns the pools group
 * @param calls            agent calls by agent and model, when this instance owns the calls group
 * @param taskSuccessRatio {@code task_success_ratio} by window, when this instance owns the tasks group
 */
public record SummaryPart(Instance instance, List<EventCount> events, Map<String, Long> deadLetters,
                          List<FiringAlert> alerts, List<Pool> pools, List<CallTotals> calls,
                          Map<String, Double> taskSuccessRatio) {
    public SummaryPart {
        events = List.copyOf(events);
        deadLetters = Map.copyOf(deadLetters);
        alerts = List.copyOf(alerts);
        pools = List.copyOf(pools);
        calls = List.copyOf(calls);
        taskSuccessRatio = Map.copyOf(taskSuccessRatio);
    }

    /**
     * @param address     the instance's {@code application.server}, {@code host:port}
     * @param state       its Kafka Streams state
     * @param tasks       the ids of its active tasks, e.g. {@code 0_1}
     * @param partitions  the topic partitions those tasks read
     * @param consumerLag records not yet consumed by its stream threads, or null before any fetch
     */
    public record Instance(String address, String state, List<String> tasks, int partitions, Long consumerLag) {
        public Instance {
            tasks = List.copyOf(tasks);
        }
    }

    public record EventCount(String type, String outcome, long count) {
    }

    /**
     * @param since    when it started firing, RFC 3339
     * @param traceId  the trace of the event that triggered it, or null
     * @param traceUrl that trace in the configured viewer ({@code observability.tracing.ui_url}), or null
     */
    public record FiringAlert(String rule, String fingerprint, String severity, Map<String, String> labels,
                              Double value, String since, String traceId, String traceUrl) {
        public FiringAlert {
            // Sorted, so that the JSON lists labels in a stable order.
            labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
        }
    }

    /**
     * @param capacity     {@code pool_capacity}, null while unknown
     * @param activeLeases {@code active_leases} summed over agents
     * @param utilization  {@code lease_utilization}, null while the capacity is unknown or 0
     */
    public record Pool(String pool, Double capacity, double activeLeases, Double utilization) {
    }

    /**
     * @param calls   {@code agent_call_total}, every status
     * @param errors  {@code agent_call_total{status="error"}}
     * @param costUsd {@code model_cost_usd_total}
     */
    public record CallTotals(String agentName, String modelName, double calls, double errors, double costUsd) {
    }
}
