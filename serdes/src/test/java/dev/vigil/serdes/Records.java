package dev.vigil.serdes;

import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;

/** Small builders of Kafka record parts for the focused tests. */
final class Records {

    static final long TS = 1_768_473_000_000L; // 2026-01-15T10:30:00Z
    static final String TASK = "agent.task.status_changed";
    static final String TASK_DATA = "{\"task_id\":\"task-1\",\"status\":\"submitted\"}";

    private Records() {
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    /** Headers from alternating names and values (a null value stays null). */
    static RecordHeaders headers(String... kv) {
        RecordHeaders h = new RecordHeaders();
        for (int i = 0; i < kv.length; i += 2) {
            h.add(kv[i], utf8(kv[i + 1]));
        }
        return h;
    }

    /** Binary-mode headers of a 1.0 event of the given type, plus extra name/value pairs. */
    static RecordHeaders binary(String type, String... extra) {
        RecordHeaders h = headers("ce_specversion", "1.0", "ce_id", "evt-1", "ce_source", "orchestrator",
                "ce_type", type, "content-type", "application/json");
        RecordHeaders more = headers(extra);
        more.forEach(h::add);
        return h;
    }

    static RecordHeaders structuredHeaders() {
        return headers("content-type", "application/cloudevents+json");
    }

    /** A structured event; {@code attrs} is inserted verbatim before data, e.g. {@code "\"time\":\"...\","}. */
    static String envelope(String type, String attrs, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-1\",\"source\":\"orchestrator\",\"type\":\"" + type + "\","
                + attrs + "\"data\":" + data + "}";
    }
}
