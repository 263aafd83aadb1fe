package dev.vigil.aggregates.metric;

import static dev.vigil.aggregates.metric.BucketKind.CALL_LATENCY;
import static dev.vigil.aggregates.metric.BucketKind.COST;
import static dev.vigil.aggregates.metric.BucketKind.DURATION;
import static dev.vigil.aggregates.metric.Label.AGENT_NAME;
import static dev.vigil.aggregates.metric.Label.CAPABILITY;
import static dev.vigil.aggregates.metric.Label.DIRECTION;
import static dev.vigil.aggregates.metric.Label.MODEL_NAME;
import static dev.vigil.aggregates.metric.Label.POOL;
import static dev.vigil.aggregates.metric.Label.STATUS;
import static dev.vigil.aggregates.metric.Label.TENANT;
import static dev.vigil.aggregates.metric.Label.TYPE;
import static dev.vigil.aggregates.metric.Label.WINDOW;
import static dev.vigil.aggregates.metric.MetricGroup.CALLS;
import static dev.vigil.aggregates.metric.MetricGroup.POOLS;
import static dev.vigil.aggregates.metric.MetricGroup.STEPS;
import static dev.vigil.aggregates.metric.MetricGroup.TASKS;
import static dev.vigil.aggregates.metric.MetricGroup.VIGIL;
import static dev.vigil.aggregates.metric.MetricType.COUNTER;
import static dev.vigil.aggregates.metric.MetricType.DERIVED;
import static dev.vigil.aggregates.metric.MetricType.GAUGE;
import static dev.vigil.aggregates.metric.MetricType.HISTOGRAM;
import static dev.vigil.aggregates.metric.MetricType.RATIO;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of every aggregate metric: docs/metrics.md (except {@code alerts_firing}, which the
 * alerting module owns) plus {@code vigil_late_events_total} and {@code vigil_unpriced_calls_total}.
 * One place holds each metric's name, type, help line, labels, group and buckets, so the state
 * machines, the series stage, the renderer and the metrics reference of docs/metrics.md cannot disagree.
 *
 * <p>{@link #keyLabels()} are the labels a stored series is keyed by; a {@link MetricType#RATIO}
 * adds {@code window} last when rendered ({@link #labels()}), one sample per configured window.
 */
public enum Metric {
    TASK_TOTAL(1, "task_total", COUNTER, TASKS, null,
            "Tasks that reached each status (submitted and the terminal ones).", STATUS),
    ACTIVE_TASKS(2, "active_tasks", GAUGE, TASKS, null,
            "Tasks submitted or running, not yet terminal."),
    TASK_DURATION_SECONDS(3, "task_duration_seconds", HISTOGRAM, TASKS, DURATION,
            "Execution time of terminal tasks, in seconds.", STATUS),
    TASK_SUCCESS_RATIO(4, "task_success_ratio", RATIO, TASKS, null,
            "Succeeded / terminal tasks in the event-time window."),
    STEP_DURATION_SECONDS(5, "step_duration_seconds", HISTOGRAM, STEPS, DURATION,
            "Duration of terminal steps, in seconds.", AGENT_NAME, CAPABILITY, STATUS),
    QUEUE_DEPTH(6, "queue_depth", GAUGE, STEPS, null,
            "Steps queued and not yet running or terminal.", CAPABILITY),
    AGENT_CALL_TOTAL(7, "agent_call_total", COUNTER, CALLS, null,
            "Agent calls.", AGENT_NAME, CAPABILITY, MODEL_NAME, STATUS),
    AGENT_CALL_LATENCY_SECONDS(8, "agent_call_latency_seconds", HISTOGRAM, CALLS, CALL_LATENCY,
            "Agent call latency, in seconds.", AGENT_NAME, MODEL_NAME),
    AGENT_CALL_SUCCESS_RATIO(9, "agent_call_success_ratio", RATIO, CALLS, null,
            "Ok / all agent calls in the event-time window.", AGENT_NAME),
    MODEL_TOKENS_TOTAL(10, "model_tokens_total", COUNTER, CALLS, null,
            "Model tokens, by direction (input: uncached input; cached_input: input served from the prompt cache; output).",
            AGENT_NAME, MODEL_NAME, DIRECTION),
    MODEL_COST_USD_TOTAL(11, "model_cost_usd_total", COUNTER, CALLS, null,
            "Model cost in USD: the call's own cost_usd, else priced from the price catalogue and aggregates.model_prices.",
            AGENT_NAME, MODEL_NAME),
    VIGIL_UNPRICED_CALLS_TOTAL(12, "vigil_unpriced_calls_total", COUNTER, CALLS, null,
            "Agent calls without cost_usd whose model has no price, in the catalogue or configured (counted at cost 0).",
            MODEL_NAME),
    ACTIVE_LEASES(13, "active_leases", GAUGE, POOLS, null,
            "Leases held now.", POOL, AGENT_NAME),
    LEASE_HELD_SECONDS(14, "lease_held_seconds", HISTOGRAM, POOLS, DURATION,
            "How long released or expired leases were held, in seconds.", POOL),
    LEASE_EXPIRED_TOTAL(15, "lease_expired_total", COUNTER, POOLS, null,
            "Leases that hit their TTL or were released with reason expired.", POOL),
    LEASE_UTILIZATION(16, "lease_utilization", DERIVED, POOLS, null,
            "Active leases / capacity; above 1 when oversubscribed (absent while capacity is unknown or 0).",
            POOL),
    POOL_CAPACITY(17, "pool_capacity", DERIVED, POOLS, null,
            "Latest known pool capacity (configured until a pool status reports one).", POOL),
    POOL_HEALTHY(18, "pool_healthy", GAUGE, POOLS, null,
            "Latest reported healthy count of the pool.", POOL),
    BROWSER_POOL_AVAILABLE(19, "browser_pool_available", DERIVED, POOLS, null,
            "Capacity minus active leases of the browser pool (aggregates.browser_pool), not below 0."),
    VIGIL_LATE_EVENTS_TOTAL(20, "vigil_late_events_total", COUNTER, VIGIL, null,
            "Accepted events later than aggregates.grace: counted everywhere but in the windowed ratios.",
            TYPE),
    TASK_COST_USD(21, "task_cost_usd", HISTOGRAM, TASKS, COST,
            "Cost of ended tasks in USD: the cost of their calls until the task ended.", STATUS),
    // The tenant metrics share the calls group, so that one series task (and one aggregates API route) holds all
    // of a tenant's figures, and a call's tenant updates travel in the batch its call updates already make.
    TENANT_COST_USD_TOTAL(22, "tenant_cost_usd_total", COUNTER, CALLS, null,
            "Model cost in USD by tenant: the call's own tenant, else its task's, else unknown.", TENANT),
    TENANT_TOKENS_TOTAL(23, "tenant_tokens_total", COUNTER, CALLS, null,
            "Model tokens by tenant and direction (input: uncached input; cached_input; output).", TENANT, DIRECTION),
    TENANT_CALLS_TOTAL(24, "tenant_calls_total", COUNTER, CALLS, null,
            "Agent calls by tenant.", TENANT),
    TENANT_TASKS_TOTAL(25, "tenant_tasks_total", COUNTER, CALLS, null,
            "Tasks that reached each status (submitted and the terminal ones), by the task's tenant.", TENANT, STATUS),
    VIGIL_LATE_COST_USD_TOTAL(26, "vigil_late_cost_usd_total", COUNTER, VIGIL, null,
            "Cost in USD of calls that arrived after their task had ended: in every cost metric but task_cost_usd.");

    private static final String TOTAL_SUFFIX = "_total";

    private final int id;
    private final String metricName;
    private final MetricType type;
    private final MetricGroup group;
    private final BucketKind bucketKind;
    private final String help;
    private final List<Label> keyLabels;
    private final List<Label> labels;

    Metric(int id, String metricName, MetricType type, MetricGroup group, BucketKind bucketKind, String help,
           Label... keyLabels) {
        this.id = id;
        this.metricName = metricName;
        this.type = type;
        this.group = group;
        this.bucketKind = bucketKind;
        this.help = help;
        this.keyLabels = List.of(keyLabels);
        List<Label> all = new ArrayList<>(this.keyLabels);
        if (type == RATIO) {
            all.add(WINDOW);
        }
        this.labels = List.copyOf(all);
    }

    /** Stable code used by binary codecs; never reused for another metric. */
    public int id() {
        return id;
    }

    /** The name of the samples in the text exposition, e.g. {@code task_total}. */
    public String metricName() {
        return metricName;
    }

    /**
     * The family name: the metric name without the {@code _total} suffix for counters (OpenMetrics
     * names a counter family without it), else the metric name.
     */
    public String familyName() {
        return type == COUNTER && metricName.endsWith(TOTAL_SUFFIX)
                ? metricName.substring(0, metricName.length() - TOTAL_SUFFIX.length())
                : metricName;
    }

    public MetricType type() {
        return type;
    }

    public MetricGroup group() {
        return group;
    }

    /** The bucket bounds a histogram uses; empty for other types. */
    public Optional<BucketKind> bucketKind() {
        return Optional.ofNullable(bucketKind);
    }

    /** One line for {@code # HELP} and the metrics reference of docs/metrics.md. */
    public String help() {
        return help;
    }

    /** The labels a stored series is keyed by, in order. */
    public List<Label> keyLabels() {
        return keyLabels;
    }

    /** The labels of a rendered sample, in order: {@link #keyLabels()}, plus {@code window} for ratios. */
    public List<Label> labels() {
        return labels;
    }

    /** {@link #labels()} as Prometheus label names. */
    public List<String> labelNames() {
        return labels.stream().map(Label::wireName).toList();
    }

    /** Whether series of this metric are kept in the series store (all but two derived metrics). */
    public boolean stored() {
        return type != DERIVED || this == POOL_CAPACITY;
    }

    public static Optional<Metric> fromName(String metricName) {
        for (Metric m : values()) {
            if (m.metricName.equals(metricName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    public static Optional<Metric> fromId(int id) {
        for (Metric m : values()) {
            if (m.id == id) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
