package dev.vigil.topology;

/**
 * Every state store of the topology. Store names become changelog topic names
 * ({@code <application.id>-<store>-changelog}), so they are an upgrade contract: never rename one.
 */
public final class StoreNames {
    /** Counts of records rejected at parse time: {@code events|<type>|invalid} and {@code dlq|<reason>}. */
    public static final String INGEST_OUTCOMES = "ingest-outcomes";
    /** Counts of valid events after deduplication: {@code events|<type>|accepted|duplicate}. */
    public static final String DEDUP_OUTCOMES = "dedup-outcomes";
    /**
     * Window store of the (source, id) of accepted events, at the event time they were accepted;
     * retention one dedup horizon, so expired ids leave with whole segments (no deletes). It
     * replaced {@code dedup-ids} + {@code dedup-expiry} (a key-value store and its expiry index,
     * four changelog records per event over its life against one here): the new name makes an
     * upgrade from those stores start this one empty rather than misread their changelogs.
     */
    public static final String DEDUP_SEEN = "dedup-seen";

    /** The entity stage's stream time (largest event time consumed), one entry per task: {@link EventClock}. */
    public static final String EVENT_CLOCK = "event-clock";

    /** task_id → {@code TaskState}. */
    public static final String TASK_STATE = "task-state";
    /** (task_id, step_id, attempt) → {@code StepState}. */
    public static final String STEP_STATE = "step-state";
    /** lease_id → {@code LeaseState}. */
    public static final String LEASE_STATE = "lease-state";
    /** TTL expiry index of active leases: {@code <16 hex digits of due time><lease_id>} → nothing. */
    public static final String LEASE_EXPIRY = "lease-expiry";
    /**
     * When tasks, steps and leases ended: {@code <16 hex digits of stream time><kind>|<key>} →
     * nothing; their state is deleted one dedup horizon later, so the entity stores stay bounded.
     */
    public static final String ENTITY_RETIREMENT = "entity-retirement";
    /** pool → {@code PoolState} (latest status by event time). */
    public static final String POOL_STATE = "pool-state";
    /** Metric series of the groups this partition owns: encoded {@code SeriesKey} → {@code SeriesValue}. */
    public static final String SERIES = "series";

    /** Alert instances by fingerprint, beside the series they judge: {@code AlertInstance}. */
    public static final String ALERT_STATE = "alert-state";
    /** Alert events emitted, by state ({@code firing}, {@code resolved}): {@code vigil_alert_events_total}. */
    public static final String ALERT_OUTCOMES = "alert-outcomes";
    /**
     * The series stage's stream time (largest event time of the batches it consumed), one entry per
     * task: {@link EventClock}. Added when records stopped carrying event time as their timestamp;
     * after an upgrade from a build without it, the clock starts at the first batch.
     */
    public static final String SERIES_CLOCK = "series-clock";

    private StoreNames() {
    }
}
