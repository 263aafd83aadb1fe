package dev.vigil.topology.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Input CloudEvents of docs/events.md, built as a producer would send them, in either Kafka content
 * mode. An {@link Event} gets a unique id when it is made, so sending the same object twice (in any
 * mode) is a duplicate; {@link Event#id(String)} and {@link Event#source(String)} set the identity
 * explicitly. Event time defaults to {@link #T0}.
 */
final class Events {
    /** A minute-aligned and hour-aligned start, so that window buckets begin exactly at T0. */
    static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    static final String TASK = "agent.task.status_changed";
    static final String STEP = "agent.step.status_changed";
    static final String CALL = "agent.call.completed";
    static final String ACQUIRED = "agent.lease.acquired";
    static final String RELEASED = "agent.lease.released";
    static final String POOL = "agent.pool.status";

    private static final AtomicLong IDS = new AtomicLong();

    /**
     * When the suite runs with {@code topics.input_keyed_by_entity} ({@link MetricsTopologyTest#KEYED_BY_ENTITY}),
     * records that carry a {@code time} attribute get this record timestamp instead of their event
     * time, as a producer stamping send time would: Kafka Streams' stream time of the input then
     * says nothing about event time, so every test proves the stage runs on its own event clock.
     */
    static final Instant PRODUCER_CLOCK = Instant.parse("2030-06-01T00:00:00Z");

    private Events() {
    }

    /** T0 plus some seconds. */
    static Instant sec(double seconds) {
        return T0.plusMillis(Math.round(seconds * 1000));
    }

    /** T0 plus some minutes. */
    static Instant min(long minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static Event task(String taskId, String status) {
        return new Event(TASK, taskId).with("task_id", taskId).with("status", status);
    }

    static Event step(String taskId, String stepId, String status, String agent, String capability) {
        return new Event(STEP, taskId).with("task_id", taskId).with("step_id", stepId).with("status", status)
                .with("agent_name", agent).with("capability", capability);
    }

    static Event call(String callId, String agent, String capability, String model, String status,
                      double latencyMs, long inputTokens, long outputTokens) {
        return new Event(CALL, callId).with("call_id", callId).with("agent_name", agent)
                .with("capability", capability).with("model_name", model).with("status", status)
                .with("latency_ms", latencyMs).with("input_tokens", inputTokens).with("output_tokens", outputTokens);
    }

    /** A call of agent {@code agent} with model gpt-4o, 100 ms, no tokens. */
    static Event call(String callId, String agent, String status) {
        return call(callId, agent, "chat", "gpt-4o", status, 100, 0, 0);
    }

    static Event acquired(String leaseId, String pool) {
        return new Event(ACQUIRED, leaseId).with("lease_id", leaseId).with("resource_id", "res-" + leaseId)
                .with("pool", pool);
    }

    static Event released(String leaseId, String pool) {
        return new Event(RELEASED, leaseId).with("lease_id", leaseId).with("pool", pool);
    }

    static Event poolStatus(String pool, long capacity) {
        return new Event(POOL, pool).with("pool", pool).with("capacity", capacity);
    }

    /** One CloudEvent; mutable while being built, then turned into records. */
    static final class Event {
        private final String type;
        private final String key;
        private final Map<String, Object> data = new LinkedHashMap<>();
        private String id = "evt-" + IDS.incrementAndGet();
        private String source = "orchestrator";
        private Instant time = T0;
        private boolean timeAttribute = true;
        private String timeText;
        private Instant recordTime;

        private Event(String type, String key) {
            this.type = type;
            this.key = key;
        }

        /** Sets (or, with null, removes) a data field. */
        Event with(String field, Object value) {
            if (value == null) {
                data.remove(field);
            } else {
                data.put(field, value);
            }
            return this;
        }

        Event id(String eventId) {
            this.id = eventId;
            return this;
        }

        Event source(String eventSource) {
            this.source = eventSource;
            return this;
        }

        Event at(Instant eventTime) {
            this.time = eventTime;
            return this;
        }

        Instant time() {
            return time;
        }

        /**
         * Writes the {@code time} attribute as this text (any RFC 3339 form, or not RFC 3339 at
         * all) instead of {@link #at}'s instant; the record timestamp still follows {@link #at}
         * unless {@link #recordAt} sets it.
         */
        Event timeText(String text) {
            this.timeText = text;
            return this;
        }

        /** Stamps the Kafka record with this timestamp whatever the event time and the keying mode. */
        Event recordAt(Instant timestamp) {
            this.recordTime = timestamp;
            return this;
        }

        /** Leaves out the {@code time} attribute: the record's timestamp (still {@link #at}) is then the event time. */
        Event withoutTimeAttribute() {
            this.timeAttribute = false;
            return this;
        }

        /** Binary content mode: {@code ce_} headers, the data as the value. */
        TestRecord<byte[], byte[]> binary() {
            Headers headers = new RecordHeaders()
                    .add("ce_specversion", utf8("1.0"))
                    .add("ce_id", utf8(id))
                    .add("ce_source", utf8(source))
                    .add("ce_type", utf8(type));
            if (timeAttribute) {
                headers.add("ce_time", utf8(timeText == null ? time.toString() : timeText));
            }
            headers.add("content-type", utf8("application/json"));
            return new TestRecord<>(utf8(key), utf8(json(data)), headers, recordTime());
        }

        /** Structured content mode: the whole event as the value. */
        TestRecord<byte[], byte[]> structured() {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("specversion", "1.0");
            event.put("id", id);
            event.put("source", source);
            event.put("type", type);
            if (timeAttribute) {
                event.put("time", timeText == null ? time.toString() : timeText);
            }
            event.put("datacontenttype", "application/json");
            event.put("data", data);
            Headers headers = new RecordHeaders()
                    .add("content-type", utf8("application/cloudevents+json; charset=UTF-8"));
            return new TestRecord<>(utf8(key), utf8(json(event)), headers, recordTime());
        }

        private Instant recordTime() {
            if (recordTime != null) {
                return recordTime;
            }
            return timeAttribute && MetricsTopologyTest.KEYED_BY_ENTITY ? PRODUCER_CLOCK : time;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder b = new StringBuilder("{");
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append(json(e.getKey())).append(':').append(json(e.getValue()));
            }
            return b.append('}').toString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String s = value.toString();
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
