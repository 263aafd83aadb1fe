package dev.vigil.topology;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

/** Builds input records in both CloudEvents content modes, as a producer would. */
final class TestRecords {
    static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    private TestRecords() {
    }

    static String taskData(String taskId, String status) {
        return "{\"task_id\":\"" + taskId + "\",\"status\":\"" + status + "\"}";
    }

    /** A binary-mode record: ce_ headers, JSON data as the value. */
    static TestRecord<byte[], byte[]> binary(String key, String id, String type, Instant time, String data) {
        Headers headers = new RecordHeaders()
                .add("ce_specversion", utf8("1.0"))
                .add("ce_id", utf8(id))
                .add("ce_source", utf8("orchestrator"))
                .add("ce_type", utf8(type))
                .add("ce_time", utf8(time.toString()))
                .add("content-type", utf8("application/json"));
        return new TestRecord<>(utf8(key), data == null ? null : utf8(data), headers, time);
    }

    /** A structured-mode record: the whole event JSON as the value. */
    static TestRecord<byte[], byte[]> structured(String key, String id, String type, Instant time, String data) {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"orchestrator\",\"type\":\""
                + type + "\",\"time\":\"" + time + "\",\"datacontenttype\":\"application/json\",\"data\":" + data + "}";
        Headers headers = new RecordHeaders().add("content-type", utf8("application/cloudevents+json; charset=UTF-8"));
        return new TestRecord<>(utf8(key), utf8(json), headers, time);
    }

    static TestRecord<byte[], byte[]> raw(String key, byte[] value, Headers headers, Instant time) {
        return new TestRecord<>(utf8(key), value, headers, time);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
