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
    /** (source, id) → event time (ms) of the first sighting, within the dedup horizon. */
    public static final String DEDUP_IDS = "dedup-ids";
    /** Expiry index of {@link #DEDUP_IDS}: {@code <16 hex digits of time><dedup key>} → nothing. */
    public static final String DEDUP_EXPIRY = "dedup-expiry";

    private StoreNames() {
    }
}
