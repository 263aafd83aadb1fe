package dev.vigil.aggregates.metric;

/**
 * Which configured bucket bounds a histogram uses ({@code aggregates.buckets.*}). Bounds are fixed in
 * configuration so that the series of all instances aggregate.
 */
public enum BucketKind {
    /** {@code aggregates.buckets.duration_seconds}: task and step durations, lease held time. */
    DURATION,
    /** {@code aggregates.buckets.call_latency_seconds}: agent call latency. */
    CALL_LATENCY,
    /** {@code aggregates.buckets.cost_usd}: the cost of a task. */
    COST
}
