package dev.vigil.topology;

/**
 * Keys of the outcome-count stores behind the self-metrics {@code vigil_events_total{type,outcome}}
 * and {@code vigil_dlq_total{reason}}. One key per series, so a store holds one entry per series
 * and rendering costs the number of series, never the number of events.
 */
public final class SelfMetricKeys {
    public static final String EVENTS_PREFIX = "events|";
    public static final String DLQ_PREFIX = "dlq|";

    private SelfMetricKeys() {
    }

    public static String events(String typeLabel, String outcome) {
        return EVENTS_PREFIX + typeLabel + '|' + outcome;
    }

    public static String dlq(String reason) {
        return DLQ_PREFIX + reason;
    }
}
