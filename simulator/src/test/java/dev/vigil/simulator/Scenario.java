package dev.vigil.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hand-built record sequences for {@link MetricsOracle}: each call appends one record, in publish order. Times are
 * seconds after {@link #T0} (fractions allowed). Valid events get a fresh id unless re-sent with {@link #resend}.
 */
final class Scenario {

    static final long T0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    static final String SOURCE = "test";

    private final List<SimRecord> records = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int ids;

    static long ms(double seconds) {
        return T0 + Math.round(seconds * 1000);
    }

    List<SimRecord> records() {
        return records;
    }

    SimRecord last() {
        return records.get(records.size() - 1);
    }

    /** A valid event with {@code time} = {@code at} s, published (record timestamp) at the same moment. */
    Scenario event(EventType type, double at, Object... data) {
        return published(type, at, at, data);
    }

    /** A valid event with {@code time} = {@code at} s (null: no time attribute), published at {@code publishedAt} s. */
    Scenario published(EventType type, Double at, double publishedAt, Object... data) {
        Map<String, Object> d = new LinkedHashMap<>();
        for (int i = 0; i < data.length; i += 2) {
            if (data[i + 1] != null) {
                d.put((String) data[i], data[i + 1] instanceof Integer n ? (Object) n.longValue() : data[i + 1]);
            }
        }
        String key = switch (type) {
            case TASK_STATUS_CHANGED, STEP_STATUS_CHANGED -> (String) d.get("task_id");
            case CALL_COMPLETED -> (String) d.get("call_id");
            case LEASE_ACQUIRED, LEASE_RELEASED -> (String) d.get("lease_id");
            case POOL_STATUS -> (String) d.get("pool");
        };
        SimEvent e = new SimEvent(SOURCE, "e" + ids++, type, at == null ? null : Instant.ofEpochMilli(ms(at)), null,
                null, null, key, d);
        return add(e, publishedAt);
    }

    /** An exact re-send of the record at {@code index}, published at {@code publishedAt} s. */
    Scenario resend(int index, double publishedAt) {
        return add(records.get(index).expected().event(), publishedAt);
    }

    /** A bad record (dead-lettered), published at {@code publishedAt} s. */
    Scenario invalid(String key, double publishedAt) {
        records.add(new SimRecord(key.getBytes(StandardCharsets.UTF_8), new byte[] {'{'}, List.of(),
                Expected.invalid(DlqReason.BAD_JSON, "unknown", ContentMode.STRUCTURED_HEADERLESS), ms(publishedAt)));
        return this;
    }

    private Scenario add(SimEvent e, double publishedAt) {
        Outcome outcome = seen.add(e.source() + "/" + e.id()) ? Outcome.ACCEPTED : Outcome.DUPLICATE;
        records.add(new SimRecord(e.key().getBytes(StandardCharsets.UTF_8), new byte[0], List.of(),
                Expected.valid(outcome, ContentMode.BINARY, e), ms(publishedAt)));
        return this;
    }

    // ------------------------------------------------------------------------------------------------ shorthands

    Scenario task(String taskId, String status, double at, Object... extra) {
        return event(EventType.TASK_STATUS_CHANGED, at, concat(new Object[] {"task_id", taskId, "status", status},
                extra));
    }

    Scenario step(String taskId, String stepId, String status, double at, Object... extra) {
        return event(EventType.STEP_STATUS_CHANGED, at, concat(new Object[] {"task_id", taskId, "step_id", stepId,
                "status", status, "agent_name", "coder", "capability", "code"}, extra));
    }

    Scenario call(String callId, String agent, String model, String status, double at, Object... extra) {
        return event(EventType.CALL_COMPLETED, at, concat(new Object[] {"call_id", callId, "agent_name", agent,
                "capability", "plan", "model_name", model, "status", status, "latency_ms", 100L, "input_tokens", 0L,
                "output_tokens", 0L}, extra));
    }

    Scenario acquired(String leaseId, String pool, double at, Object... extra) {
        return event(EventType.LEASE_ACQUIRED, at, concat(new Object[] {"lease_id", leaseId, "resource_id", "r-1",
                "pool", pool, "agent_name", "browser-agent"}, extra));
    }

    Scenario released(String leaseId, String pool, double at, Object... extra) {
        return event(EventType.LEASE_RELEASED, at, concat(new Object[] {"lease_id", leaseId, "pool", pool}, extra));
    }

    Scenario pool(String pool, double at, Object... extra) {
        return event(EventType.POOL_STATUS, at, concat(new Object[] {"pool", pool}, extra));
    }

    /** Later fields override earlier ones (a null value removes the field). */
    private static Object[] concat(Object[] base, Object[] extra) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < base.length; i += 2) {
            m.put((String) base[i], base[i + 1]);
        }
        for (int i = 0; i < extra.length; i += 2) {
            m.put((String) extra[i], extra[i + 1]);
        }
        Object[] out = new Object[m.size() * 2];
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            out[i++] = e.getKey();
            out[i++] = e.getValue();
        }
        return out;
    }

    /** The truth of the records so far. */
    Map<String, Double> run(TruthSettings settings) {
        return MetricsOracle.compute(settings, records);
    }

    /** A key whose entity partition (of {@code partitions}) is {@code partition}: {@code prefix} + a number. */
    static String keyIn(String prefix, int partition, int partitions) {
        for (int i = 0; ; i++) {
            String k = prefix + i;
            if (MetricsOracle.partition(k, partitions) == partition) {
                return k;
            }
        }
    }
}
