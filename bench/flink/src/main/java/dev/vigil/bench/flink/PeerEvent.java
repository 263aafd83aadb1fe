package dev.vigil.bench.flink;

/**
 * One accepted CloudEvent of the peer's subset, as the keyed stages need it: a task status change, a step status
 * change or an agent call. A Flink POJO (public fields, no-argument constructor), so the shuffle to the entity stage
 * uses Flink's field-wise serializer rather than Kryo.
 *
 * <p>Optional numbers that were absent (or JSON {@code null}) are {@link Double#NaN}.
 */
public class PeerEvent {
    public static final int TASK = 1;
    public static final int STEP = 2;
    public static final int CALL = 3;

    /** {@link #TASK}, {@link #STEP} or {@link #CALL}. */
    public int kind;
    /** The entity key Vigil partitions by: {@code task_id} for tasks and steps, {@code call_id} for calls. */
    public String entity;
    /** The event's identity for deduplication: {@code source + '\0' + id}. */
    public String identity;
    /** Event time, epoch milliseconds: the {@code time} attribute, else the record timestamp. */
    public long timeMs;
    /** The {@code status} as written on the wire. */
    public String status;
    /** Steps: {@code step_id + '\0' + attempt} (attempt 1 when absent). */
    public String step;
    public String agentName;
    public String capability;
    /** Calls only. */
    public String modelName;
    /** Tasks and steps: {@code duration_ms}, or NaN. */
    public double durationMs = Double.NaN;
    /** Calls: {@code input_tokens}, {@code output_tokens}. */
    public long inputTokens;
    public long outputTokens;
    /** Calls: {@code cached_input_tokens} (part of the input), or -1 when absent. */
    public long cachedInputTokens = -1;
    /** Calls: {@code cost_usd}, or NaN. */
    public double costUsd = Double.NaN;

    public PeerEvent() {
    }
}
