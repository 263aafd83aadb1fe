package dev.vigil.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Valid CloudEvents 1.0 in Kafka's binary content mode (docs/events.md): the attributes as {@code ce_}
 * headers, the data object as the JSON value, {@code content-type: application/json}. For the
 * events the driver crafts itself (alert probes, series seeds, memory entities), where the
 * simulator's realistic mix would not give the exact shape a phase needs.
 */
final class CloudEventRecords {
    /** The {@code source} attribute of every crafted event; with the id it identifies the event. */
    static final String SOURCE = "bench";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEventRecords() {
    }

    /**
     * @param key    the record key (the entity: task, lease or call id)
     * @param id     the CloudEvents {@code id}, unique per {@link #SOURCE} within the dedup horizon
     * @param type   the CloudEvents {@code type}, e.g. {@code agent.task.status_changed}
     * @param timeMs the event time ({@code time} attribute) and the record timestamp, epoch ms
     * @param data   the data fields (strings and numbers)
     */
    static ProducerRecord<byte[], byte[]> binary(String topic, String key, String id, String type, long timeMs,
                                                 Map<String, Object> data) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(id));
        headers.add("ce_source", utf8(SOURCE));
        headers.add("ce_type", utf8(type));
        headers.add("ce_time", utf8(Instant.ofEpochMilli(timeMs).toString()));
        headers.add("content-type", utf8("application/json"));
        return new ProducerRecord<>(topic, null, timeMs, utf8(key), json(data), headers);
    }

    private static byte[] json(Map<String, Object> data) {
        try {
            return JSON.writeValueAsBytes(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the data of a crafted event as JSON", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
