package dev.vigil.simulator;

import dev.vigil.simulator.Vocabulary.Agent;
import dev.vigil.simulator.Vocabulary.Model;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;

/**
 * Records Vigil must dead-letter, of every reason of docs/dead-letters.md, each with the reason and type label its
 * decision order gives. Every bad record has a fresh event id (unless it deliberately reuses one, see
 * {@link #reusedId}) and is never a byte copy of another record.
 */
final class BadRecords {

    /** A valid-looking event: type, attributes and data, not yet on the wire. */
    private record Sample(EventType type, String source, String id, String time, String key,
                          Map<String, Object> data) {
    }

    private static final List<String> UNKNOWN_TYPES = List.of("agent.task.deleted", "agent.call.started",
            "com.example.heartbeat", "agent.pool.Status", "agent.lease.renewed");
    private static final List<String> BAD_SPECVERSIONS = List.of("0.3", "2.0");
    private static final List<String> BAD_TIMES = List.of("2026-01-01T25:00:00Z", "2026-01-01T10:00:00",
            "yesterday", "1767225600", "2026/01/01 10:00:00", "2026-02-30T12:00:00Z");
    /** Per numeric field, a value just above its upper bound (docs/events.md). */
    private static final Map<String, Object> ABOVE_MAXIMUM = Map.of("cost_usd", 1_000_000.01,
            "input_tokens", 1_000_000_001L, "output_tokens", 1e308, "latency_ms", 2_678_400_000.5,
            "duration_ms", 1e30, "ttl_ms", 31_536_000_001L, "capacity", 1_000_000_001L,
            "healthy", 9_223_372_036_854_775_807L, "attempt", 1_000_001L);
    private static final String PADDING = "The agent pasted the whole page into its answer. ";

    private final Rand rnd;
    private final GeneratorOptions opts;

    BadRecords(Rand rnd, GeneratorOptions opts) {
        this.rnd = rnd;
        this.opts = opts;
    }

    /**
     * A hostile record published at {@code ts}: mostly one Vigil must dead-letter (any reason but
     * {@code too_large}); one in twenty is a valid event stamped far in the past (a producer with a
     * broken clock), which Vigil accepts and counts as late.
     */
    SimRecord next(long ts) {
        int r = rnd.weighted(0.14, 0.14, 0.11, 0.17, 0.11, 0.23, 0.05, 0.05);
        return switch (r) {
            case 0 -> notCloudEvent(ts);
            case 1 -> badJson(ts);
            case 2 -> unsupportedSpecversion(ts);
            case 3 -> missingAttribute(ts);
            case 4 -> unknownType(ts);
            case 5 -> invalidData(ts);
            case 6 -> timeInFuture(ts);
            default -> farPast(ts);
        };
    }

    // ------------------------------------------------------------------------------------------ time_in_future

    /**
     * An otherwise valid event whose {@code time} is more than {@link #MAX_FUTURE_SKEW_MS} (Vigil's
     * default {@code aggregates.max_future_skew}) ahead of its record: a clock or time zone gone
     * wrong (a {@code -12:00} written where {@code +00:00} was meant), or a sentinel date.
     */
    SimRecord timeInFuture(long ts) {
        Sample s = sample(ts);
        Instant record = Instant.ofEpochMilli(ts);
        String time = switch (rnd.nextInt(5)) {
            case 0 -> RfcTime.format(record.plusMillis(MAX_FUTURE_SKEW_MS + 1_000), 0);
            case 1 -> RfcTime.format(record.plusSeconds(2 * 3600), rnd.between(-1439, 1439));
            // The local time of UTC written with offset -12:00: twelve hours ahead.
            case 2 -> RfcTime.format(record.plusSeconds(12 * 3600), -720);
            case 3 -> "9999-12-31T23:59:59.999999999+00:00";
            default -> "9999-12-31T23:59:59" + rnd.pick("Z", "-23:59", "+23:59");
        };
        Sample future = new Sample(s.type(), s.source(), s.id(), time, s.key(), s.data());
        return anyMode(future, envelope(future, "1.0"), attributes(future, "1.0"), Codec.json(future.data()),
                DlqReason.TIME_IN_FUTURE, future.type().type(), ts);
    }

    /** Vigil's default {@code aggregates.max_future_skew}, which the simulator's verdicts assume. */
    static final long MAX_FUTURE_SKEW_MS = 5 * 60_000L;

    // --------------------------------------------------------------------------------------------- far past

    /**
     * A valid {@code agent.call.completed} of a producer whose clock is decades or centuries behind:
     * year 1 (at offsets up to ±23:59), the day before 1970, a leap day long ago, with fractions down
     * to nanoseconds. Vigil accepts it; behind stream time by more than grace, it is a late event.
     */
    SimRecord farPast(long ts) {
        Sample s = sample(ts);
        while (s.type() != EventType.CALL_COMPLETED) {
            s = sample(ts);
        }
        String time = switch (rnd.nextInt(5)) {
            case 0 -> "0001-01-01T00:00:00" + rnd.pick("Z", "+23:59", "-23:59");
            case 1 -> "1969-12-31T23:59:59.999999999Z";
            case 2 -> "1600-02-29T12:30:00.5" + rnd.pick("+05:30", "-00:01");
            case 3 -> "1970-01-01T00:00:00.000000001+00:01";
            default -> RfcTime.format(Instant.ofEpochMilli(ts).minusSeconds(rnd.between(400L * 86_400 * 365,
                    1_900L * 86_400 * 365)), rnd.between(-1439, 1439));
        };
        Instant instant = RfcTime.parse(time);
        SimEvent event = new SimEvent(s.source(), s.id(), s.type(), instant, null, null, null, s.key(), s.data());
        Sample past = new Sample(s.type(), s.source(), s.id(), time, s.key(), s.data());
        boolean binary = rnd.chance(0.5);
        Expected e = Expected.valid(Outcome.ACCEPTED, binary ? ContentMode.BINARY : ContentMode.STRUCTURED, event);
        Codec.Wire w = binary
                ? Codec.binary(attributes(past, "1.0"), Codec.JSON_TYPE, Codec.json(past.data()))
                : Codec.structured(envelope(past, "1.0"), rnd.pick(Codec.STRUCTURED_TYPES), List.of());
        return rec(past.key(), w.value(), w.headers(), e, ts);
    }

    // ------------------------------------------------------------------------------------------ not_cloudevent

    private SimRecord notCloudEvent(long ts) {
        Sample s = sample(ts);
        Expected e = Expected.invalid(DlqReason.NOT_CLOUDEVENT, EventType.UNKNOWN, ContentMode.NONE);
        return switch (rnd.nextInt(8)) {
            // The data alone, no envelope: a producer that forgot CloudEvents.
            case 0 -> rec(s.key(), Codec.json(s.data()), List.of(Codec.header(Codec.CONTENT_TYPE, Codec.JSON_TYPE)),
                    e, ts);
            case 1 -> rec(rnd.chance(0.5) ? null : s.key(), garbage(), List.of(), e, ts);
            case 2 -> rec(s.key(), garbage(), List.of(Codec.header(Codec.CONTENT_TYPE, "application/octet-stream")),
                    e, ts);
            // ce_ headers but no ce_specversion.
            case 3 -> rec(s.key(), Codec.json(s.data()), List.of(Codec.header("ce_id", s.id()),
                    Codec.header("ce_source", s.source()), Codec.header("ce_type", s.type().type()),
                    Codec.header(Codec.CONTENT_TYPE, Codec.JSON_TYPE)), e, ts);
            case 4 -> rec(null, Codec.json(List.of(s.data())), List.of(), e, ts);
            // A tombstone.
            case 5 -> rec(s.key(), null, List.of(), e, ts);
            // (The id keeps it unique: pool keys come from a small vocabulary.)
            case 6 -> rec(s.key(), Codec.utf8("task " + s.key() + " finished, report " + s.id()),
                    List.of(Codec.header(Codec.CONTENT_TYPE, "text/plain")), e, ts);
            // A structured envelope but ce_ headers present (and no content-type): not structured, not binary.
            default -> rec(s.key(), Codec.json(envelope(s, "1.0")),
                    List.of(Codec.header("ce_type", s.type().type()), Codec.header("ce_id", s.id())), e, ts);
        };
    }

    // ------------------------------------------------------------------------------------------------ bad_json

    private SimRecord badJson(long ts) {
        Sample s = sample(ts);
        switch (rnd.nextInt(7)) {
            case 0 -> {
                return structured(s, truncate(Codec.json(envelope(s, "1.0"))), List.of(),
                        DlqReason.BAD_JSON, EventType.UNKNOWN, ts);
            }
            case 1 -> {
                return structured(s, Codec.utf8("specversion=1.0&id=" + s.id() + "&type=" + s.type().type()),
                        List.of(), DlqReason.BAD_JSON, EventType.UNKNOWN, ts);
            }
            case 2 -> {
                // Structured wins: the (well-formed) ce_ headers are ignored, so the type is not readable.
                List<Header> extra = List.of(Codec.header("ce_specversion", "1.0"), Codec.header("ce_id", s.id()),
                        Codec.header("ce_source", s.source()), Codec.header("ce_type", s.type().type()));
                return structured(s, truncate(Codec.json(envelope(s, "1.0"))), extra,
                        DlqReason.BAD_JSON, EventType.UNKNOWN, ts);
            }
            case 3 -> {
                return binary(s, attributes(s, "1.0"), Codec.JSON_TYPE, truncate(Codec.json(s.data())),
                        DlqReason.BAD_JSON, s.type().type(), ts);
            }
            case 4 -> {
                Map<String, String> attrs = attributes(s, "1.0");
                attrs.put("type", rnd.pick(UNKNOWN_TYPES));
                return binary(s, attrs, Codec.JSON_TYPE, Codec.utf8("<result>ok</result>"),
                        DlqReason.BAD_JSON, EventType.UNKNOWN, ts);
            }
            case 5 -> {
                return binary(s, attributes(s, "1.0"), Codec.JSON_TYPE, garbage(),
                        DlqReason.BAD_JSON, s.type().type(), ts);
            }
            default -> {
                // bad_json is decided before the specversion.
                return binary(s, attributes(s, rnd.pick(BAD_SPECVERSIONS)), Codec.JSON_TYPE,
                        truncate(Codec.json(s.data())), DlqReason.BAD_JSON, s.type().type(), ts);
            }
        }
    }

    // ------------------------------------------------------------------------------------ unsupported_specversion

    private SimRecord unsupportedSpecversion(long ts) {
        Sample s = sample(ts);
        String v = rnd.pick(BAD_SPECVERSIONS);
        DlqReason reason = DlqReason.UNSUPPORTED_SPECVERSION;
        switch (rnd.nextInt(5)) {
            case 0 -> {
                return structured(s, Codec.json(envelope(s, v)), List.of(), reason, s.type().type(), ts);
            }
            case 1 -> {
                return binary(s, attributes(s, v), Codec.JSON_TYPE, Codec.json(s.data()), reason, s.type().type(),
                        ts);
            }
            case 2 -> {
                return headerless(s, envelope(s, v), reason, s.type().type(), ts);
            }
            case 3 -> {
                Map<String, Object> env = envelope(s, v);
                env.put("type", rnd.pick(UNKNOWN_TYPES));
                return structured(s, Codec.json(env), List.of(), reason, EventType.UNKNOWN, ts);
            }
            default -> {
                // The specversion is checked before the required attributes.
                Map<String, String> attrs = attributes(s, v);
                attrs.put("id", "");
                return binary(s, attrs, Codec.JSON_TYPE, Codec.json(s.data()), reason, s.type().type(), ts);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- missing_attribute

    private SimRecord missingAttribute(long ts) {
        Sample s = sample(ts);
        String attr = rnd.pick("id", "source", "type");
        boolean empty = rnd.chance(0.5);
        String label = "type".equals(attr) ? EventType.UNKNOWN : s.type().type();
        DlqReason reason = DlqReason.MISSING_ATTRIBUTE;
        int mode = rnd.nextInt(4);
        if (mode == 0) {
            Map<String, String> attrs = attributes(s, "1.0");
            if (empty) {
                attrs.put(attr, "");
            } else {
                attrs.remove(attr);
            }
            return binary(s, attrs, Codec.JSON_TYPE, Codec.json(s.data()), reason, label, ts);
        }
        Map<String, Object> env = envelope(s, "1.0");
        if (empty) {
            env.put(attr, "");
        } else {
            env.remove(attr);
        }
        if (mode == 3 && !"type".equals(attr)) {
            // A missing attribute is decided before an unknown type.
            env.put("type", rnd.pick(UNKNOWN_TYPES));
            label = EventType.UNKNOWN;
        }
        if (mode == 1) {
            return headerless(s, env, reason, label, ts);
        }
        return structured(s, Codec.json(env), List.of(), reason, label, ts);
    }

    // --------------------------------------------------------------------------------------------- unknown_type

    private SimRecord unknownType(long ts) {
        Sample s = sample(ts);
        String type = rnd.pick(UNKNOWN_TYPES);
        DlqReason reason = DlqReason.UNKNOWN_TYPE;
        switch (rnd.nextInt(4)) {
            case 0 -> {
                Map<String, String> attrs = attributes(s, "1.0");
                attrs.put("type", type);
                return binary(s, attrs, Codec.JSON_TYPE, Codec.json(s.data()), reason, EventType.UNKNOWN, ts);
            }
            case 1 -> {
                Map<String, Object> env = envelope(s, "1.0");
                env.put("type", type);
                return headerless(s, env, reason, EventType.UNKNOWN, ts);
            }
            case 2 -> {
                // An unknown type is decided before the data is looked at.
                Map<String, Object> env = envelope(s, "1.0");
                env.put("type", type);
                env.put("data", "not an object");
                return structured(s, Codec.json(env), List.of(), reason, EventType.UNKNOWN, ts);
            }
            default -> {
                Map<String, Object> env = envelope(s, "1.0");
                env.put("type", type);
                return structured(s, Codec.json(env), List.of(), reason, EventType.UNKNOWN, ts);
            }
        }
    }

    // --------------------------------------------------------------------------------------------- invalid_data

    private SimRecord invalidData(long ts) {
        Sample s = sample(ts);
        String label = s.type().type();
        DlqReason reason = DlqReason.INVALID_DATA;
        int variant = rnd.nextInt(9);
        if (variant <= 4) {
            corrupt(s.type(), s.data(), variant);
            return anyMode(s, envelope(s, "1.0"), attributes(s, "1.0"), Codec.json(s.data()), reason, label, ts);
        }
        switch (variant) {
            case 5 -> {
                // A time that is not RFC 3339.
                String bad = rnd.pick(BAD_TIMES);
                Map<String, Object> env = envelope(s, "1.0");
                env.put("time", rnd.chance(0.2) ? (Object) 1767225600000L : bad);
                Map<String, String> attrs = attributes(s, "1.0");
                attrs.put("time", bad);
                return anyMode(s, env, attrs, Codec.json(s.data()), reason, label, ts);
            }
            case 6 -> {
                // A datacontenttype that is not JSON (the data itself is a JSON object).
                if (rnd.chance(0.5)) {
                    return binary(s, attributes(s, "1.0"), rnd.pick("text/plain", "application/xml"),
                            Codec.json(s.data()), reason, label, ts);
                }
                Map<String, Object> env = envelope(s, "1.0");
                Map<String, Object> withDct = new LinkedHashMap<>();
                env.forEach((k, v) -> {
                    if ("data".equals(k)) {
                        withDct.put("datacontenttype", "text/plain");
                    }
                    withDct.put(k, v);
                });
                return structured(s, Codec.json(withDct), List.of(), reason, label, ts);
            }
            case 7 -> {
                // Data that is JSON but not an object.
                Object notObject = rnd.pick("done", List.of(1, 2, 3), 42L, Boolean.TRUE);
                Map<String, Object> env = envelope(s, "1.0");
                env.put("data", notObject);
                return anyMode(s, env, attributes(s, "1.0"), Codec.json(notObject), reason, label, ts);
            }
            default -> {
                // No data at all: a binary record without a value, or a structured event without "data".
                if (rnd.chance(0.5)) {
                    return binary(s, attributes(s, "1.0"), Codec.JSON_TYPE, null, reason, label, ts);
                }
                Map<String, Object> env = envelope(s, "1.0");
                env.remove("data");
                return structured(s, Codec.json(env), List.of(), reason, label, ts);
            }
        }
    }

    /**
     * An invalid_data record that reuses the (source, id) of an accepted event: a corrupted re-send. The contract
     * dead-letters it; it is not a duplicate.
     */
    SimRecord reusedId(SimEvent original, long ts) {
        Map<String, Object> data = new LinkedHashMap<>(original.data());
        corrupt(original.type(), data, rnd.nextInt(5));
        String time = original.time() == null ? null : Codec.time(original.time(), 0);
        Sample s = new Sample(original.type(), original.source(), original.id(), time, original.key(), data);
        return anyMode(s, envelope(s, "1.0"), attributes(s, "1.0"), Codec.json(data), DlqReason.INVALID_DATA,
                original.type().type(), ts);
    }

    /** Breaks one data field of a type: 0 missing, 1 bad enum, 2 out of range, 3 empty string, 4 wrong type. */
    private void corrupt(EventType type, Map<String, Object> data, int variant) {
        List<String> strings = switch (type) {
            case TASK_STATUS_CHANGED -> List.of("task_id");
            case STEP_STATUS_CHANGED -> List.of("task_id", "step_id", "agent_name", "capability");
            case CALL_COMPLETED -> List.of("call_id", "agent_name", "capability", "model_name");
            case LEASE_ACQUIRED -> List.of("lease_id", "resource_id", "pool");
            case LEASE_RELEASED -> List.of("lease_id", "pool");
            case POOL_STATUS -> List.of("pool");
        };
        List<String> required = switch (type) {
            case TASK_STATUS_CHANGED -> List.of("task_id", "status");
            case STEP_STATUS_CHANGED -> List.of("task_id", "step_id", "status", "agent_name", "capability");
            case CALL_COMPLETED -> List.of("call_id", "agent_name", "capability", "model_name", "status",
                    "latency_ms", "input_tokens", "output_tokens");
            case LEASE_ACQUIRED -> List.of("lease_id", "resource_id", "pool");
            case LEASE_RELEASED -> List.of("lease_id", "pool");
            case POOL_STATUS -> List.of("pool", "capacity");
        };
        // field -> an out-of-range value
        Map<String, Object> outOfRange = new LinkedHashMap<>();
        switch (type) {
            case TASK_STATUS_CHANGED -> outOfRange.put("duration_ms", -5.0);
            case STEP_STATUS_CHANGED -> {
                outOfRange.put("attempt", 0L);
                outOfRange.put("duration_ms", -1L);
            }
            case CALL_COMPLETED -> {
                outOfRange.put("input_tokens", -5L);
                outOfRange.put("output_tokens", -1L);
                outOfRange.put("latency_ms", -3.5);
                outOfRange.put("cost_usd", -0.01);
            }
            case LEASE_ACQUIRED -> outOfRange.put("ttl_ms", rnd.chance(0.5) ? 0L : -1_000L);
            case LEASE_RELEASED -> {
            }
            case POOL_STATUS -> {
                outOfRange.put("capacity", -1L);
                outOfRange.put("healthy", -2L);
            }
        }
        // Half the time, just above the field's upper bound instead: legal JSON numbers that would
        // poison a sum (the contract bounds every numeric field).
        if (rnd.chance(0.5)) {
            outOfRange.replaceAll((field, below) -> ABOVE_MAXIMUM.get(field));
        }
        String enumField = switch (type) {
            case POOL_STATUS -> "state";
            case LEASE_RELEASED -> "reason";
            case LEASE_ACQUIRED -> null;
            default -> "status";
        };
        if (variant == 1 && enumField == null) {
            variant = 2;
        }
        if (variant == 2 && outOfRange.isEmpty()) {
            variant = 1;
        }
        switch (variant) {
            case 0 -> data.remove(rnd.pick(required));
            case 1 -> data.put(enumField, rnd.pick("done", "timeout", "broken", "SUCCEEDED", "unknown"));
            case 2 -> {
                List<String> fields = new ArrayList<>(outOfRange.keySet());
                String f = rnd.pick(fields);
                data.put(f, outOfRange.get(f));
            }
            case 3 -> data.put(rnd.pick(strings), "");
            default -> {
                String numeric = numericField(type);
                if (numeric != null && rnd.chance(0.5)) {
                    data.put(numeric, "1200"); // a string where a number is required
                } else {
                    data.put(rnd.pick(strings), 12345L); // a number where a string is required
                }
            }
        }
    }

    private static String numericField(EventType type) {
        return switch (type) {
            case CALL_COMPLETED -> "input_tokens";
            case POOL_STATUS -> "capacity";
            case LEASE_ACQUIRED -> "ttl_ms";
            case STEP_STATUS_CHANGED -> "attempt";
            case TASK_STATUS_CHANGED -> "duration_ms";
            case LEASE_RELEASED -> null;
        };
    }

    // ----------------------------------------------------------------------------------------------- too_large

    /** A well-formed event whose value is larger than {@code maxEventBytes}; always {@code unknown}. */
    SimRecord tooLarge(long ts) {
        Sample s = sample(ts);
        long target = opts.maxEventBytes() + 1 + rnd.between(0, 1_023);
        boolean binary = rnd.chance(0.5);
        s.data().put("output", "");
        int base = binary ? Codec.json(s.data()).length : Codec.json(envelope(s, "1.0")).length;
        int pad = (int) (target - base);
        StringBuilder sb = new StringBuilder(pad);
        while (sb.length() < pad) {
            sb.append(PADDING, 0, Math.min(PADDING.length(), pad - sb.length()));
        }
        s.data().put("output", sb.toString());
        Expected e = Expected.invalid(DlqReason.TOO_LARGE, EventType.UNKNOWN, ContentMode.NONE);
        if (binary) {
            Codec.Wire w = Codec.binary(attributes(s, "1.0"), Codec.JSON_TYPE, Codec.json(s.data()));
            return rec(s.key(), w.value(), w.headers(), e, ts);
        }
        Codec.Wire w = Codec.structured(envelope(s, "1.0"), rnd.pick(Codec.STRUCTURED_TYPES), List.of());
        return rec(s.key(), w.value(), w.headers(), e, ts);
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private Sample sample(long ts) {
        EventType type = rnd.pick(EventType.values());
        Map<String, Object> data = new LinkedHashMap<>();
        String source;
        String key;
        Agent agent = rnd.pick(Vocabulary.AGENTS);
        switch (type) {
            case TASK_STATUS_CHANGED -> {
                key = "task-" + rnd.hex(12);
                source = rnd.pick(Vocabulary.TASK_SOURCES);
                data.put("task_id", key);
                data.put("status", rnd.pick(Vocabulary.TASK_STATUSES));
            }
            case STEP_STATUS_CHANGED -> {
                key = "task-" + rnd.hex(12);
                source = rnd.pick(Vocabulary.TASK_SOURCES);
                data.put("task_id", key);
                data.put("step_id", "step-" + rnd.between(1, 4));
                data.put("status", rnd.pick(Vocabulary.STEP_STATUSES));
                data.put("agent_name", agent.name());
                data.put("capability", agent.capability());
            }
            case CALL_COMPLETED -> {
                key = "call-" + rnd.hex(12);
                source = Vocabulary.CALL_SOURCE;
                Model model = rnd.pick(agent.models());
                data.put("call_id", key);
                data.put("agent_name", agent.name());
                data.put("capability", agent.capability());
                data.put("model_name", model.name());
                data.put("status", "ok");
                data.put("latency_ms", rnd.between(100L, 9_000L));
                data.put("input_tokens", rnd.between(agent.inputMin(), agent.inputMax()));
                data.put("output_tokens", rnd.between(20L, 2_000L));
            }
            case LEASE_ACQUIRED -> {
                key = "lease-" + rnd.hex(12);
                source = rnd.pick(Vocabulary.TASK_SOURCES);
                data.put("lease_id", key);
                data.put("resource_id", "browser-" + rnd.between(10, 20));
                data.put("pool", Vocabulary.POOL_BROWSER);
                data.put("ttl_ms", 120_000L);
            }
            case LEASE_RELEASED -> {
                key = "lease-" + rnd.hex(12);
                source = rnd.pick(Vocabulary.TASK_SOURCES);
                data.put("lease_id", key);
                data.put("pool", rnd.pick(Vocabulary.POOLS));
                data.put("reason", "released");
            }
            default -> {
                key = rnd.pick(Vocabulary.POOLS);
                source = Vocabulary.POOL_SOURCE;
                data.put("pool", key);
                data.put("capacity", rnd.between(4L, 24L));
                data.put("state", "healthy");
            }
        }
        String time = Codec.time(Instant.ofEpochMilli(ts), 0);
        return new Sample(type, source, rnd.uuid(), time, key, data);
    }

    private static Map<String, Object> envelope(Sample s, String specversion) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("specversion", specversion);
        env.put("id", s.id());
        env.put("source", s.source());
        env.put("type", s.type().type());
        Codec.putIfNotNull(env, "time", s.time());
        env.put("data", s.data());
        return env;
    }

    private static Map<String, String> attributes(Sample s, String specversion) {
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("specversion", specversion);
        attrs.put("id", s.id());
        attrs.put("source", s.source());
        attrs.put("type", s.type().type());
        Codec.putIfNotNull(attrs, "time", s.time());
        return attrs;
    }

    /** The same defect in binary, structured or headerless structured mode, at random. */
    private SimRecord anyMode(Sample s, Map<String, Object> envelope, Map<String, String> attributes,
                              byte[] binaryValue, DlqReason reason, String label, long ts) {
        return switch (rnd.weighted(0.45, 0.45, 0.1)) {
            case 0 -> binary(s, attributes, Codec.JSON_TYPE, binaryValue, reason, label, ts);
            case 1 -> structured(s, Codec.json(envelope), List.of(), reason, label, ts);
            default -> headerless(s, envelope, reason, label, ts);
        };
    }

    private SimRecord binary(Sample s, Map<String, String> attributes, String contentType, byte[] value,
                             DlqReason reason, String label, long ts) {
        Codec.Wire w = Codec.binary(attributes, contentType, value);
        return rec(s.key(), w.value(), w.headers(), Expected.invalid(reason, label, ContentMode.BINARY), ts);
    }

    private SimRecord structured(Sample s, byte[] value, List<Header> extra, DlqReason reason, String label,
                                 long ts) {
        List<Header> headers = new ArrayList<>(extra);
        headers.add(Codec.header(Codec.CONTENT_TYPE, rnd.pick(Codec.STRUCTURED_TYPES)));
        return rec(s.key(), value, headers, Expected.invalid(reason, label, ContentMode.STRUCTURED), ts);
    }

    private SimRecord headerless(Sample s, Map<String, Object> envelope, DlqReason reason, String label, long ts) {
        return rec(s.key(), Codec.json(envelope), List.of(),
                Expected.invalid(reason, label, ContentMode.STRUCTURED_HEADERLESS), ts);
    }

    private static SimRecord rec(String key, byte[] value, List<Header> headers, Expected e, long ts) {
        return new SimRecord(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, e, ts);
    }

    /** Bytes that start with 0xC0 (no byte-order mark, never UTF-8), so they can never be JSON. */
    private byte[] garbage() {
        byte[] b = rnd.bytes(rnd.between(16, 300));
        b[0] = (byte) 0xC0;
        return b;
    }

    /** A proper prefix of a JSON object text, which is never valid JSON. */
    private byte[] truncate(byte[] json) {
        return Arrays.copyOf(json, rnd.between(1, json.length - 1));
    }
}
