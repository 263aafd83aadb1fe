package dev.vigil.bench.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.simulator.SimRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The exact comparisons that end a crash run, each returning its violations (empty when it holds):
 * the metrics against the simulator's truth, Vigil's own counts of events and dead letters, the
 * dead-letter topic against the bad records sent, and the alerts topic's ids and transitions.
 */
final class ExactCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 5;

    private ExactCheck() {
    }

    /** Every aggregate sample of {@code /metrics} equals the truth. */
    static List<String> metrics(String exposition, Map<String, Double> expected) {
        Map<String, Double> actual = PrometheusSamples.select(PrometheusSamples.parse(exposition),
                MetricsOracle.FAMILIES);
        return firstFew("metrics differ from the simulator's truth", PrometheusSamples.differences(expected, actual));
    }

    /** {@code vigil_events_total{type,outcome}} and {@code vigil_dlq_total{reason}} equal the truth. */
    static List<String> counts(String exposition, GroundTruth truth) {
        Map<String, Double> expected = new TreeMap<>();
        truth.eventsTotal().forEach((type, byOutcome) -> byOutcome.forEach((outcome, n) -> expected.put(
                PrometheusSamples.key("vigil_events_total", Map.of("type", type, "outcome", outcome)), (double) n)));
        truth.dlqTotal().forEach((reason, n) -> expected.put(
                PrometheusSamples.key("vigil_dlq_total", Map.of("reason", reason)), (double) n));
        Map<String, Double> actual = new TreeMap<>(PrometheusSamples.select(PrometheusSamples.parse(exposition),
                List.of("vigil_events_total", "vigil_dlq_total")));
        actual.values().removeIf(v -> v == 0.0);
        return firstFew("Vigil's event counts differ from the records sent", PrometheusSamples.differences(expected,
                actual));
    }

    /** Sum of {@code vigil_events_total}: records the ingest and dedup stages have counted. */
    static long counted(String exposition) {
        double sum = 0;
        for (Map.Entry<String, Double> e : PrometheusSamples.select(PrometheusSamples.parse(exposition),
                List.of("vigil_events_total")).entrySet()) {
            sum += e.getValue();
        }
        return (long) sum;
    }

    /**
     * The dead-letter topic holds each bad record once: as many records as bad ones sent, no input
     * position twice, and the same values (as a multiset) with their original headers first.
     */
    static List<String> deadLetters(List<ConsumerRecord<byte[], byte[]>> dlq, List<SimRecord> invalid) {
        List<String> out = new ArrayList<>();
        if (dlq.size() != invalid.size()) {
            out.add("the DLQ holds " + dlq.size() + " records, " + invalid.size() + " bad records were sent");
        }
        Set<String> positions = new HashSet<>();
        Map<String, Integer> values = new HashMap<>();
        for (SimRecord r : invalid) {
            values.merge(fingerprint(r.key(), r.value(), r.headers()), 1, Integer::sum);
        }
        for (ConsumerRecord<byte[], byte[]> d : dlq) {
            String position = header(d, "vigil.error.partition") + "@" + header(d, "vigil.error.offset");
            if (!positions.add(position)) {
                out.add("the input record at partition@offset " + position + " is on the DLQ twice");
            }
            List<Header> original = new ArrayList<>();
            for (Header h : d.headers()) {
                if (!h.key().startsWith("vigil.error.")) {
                    original.add(h);
                }
            }
            String fp = fingerprint(d.key(), d.value(), original);
            Integer left = values.get(fp);
            if (left == null || left == 0) {
                out.add("a DLQ record (from " + position + ") matches no bad record sent, or one more than once");
            } else {
                values.put(fp, left - 1);
            }
        }
        return firstFew("dead letters", out);
    }

    /**
     * No alert id appears twice, and each alert's transitions run {@code <fingerprint>-1, -2, ...}
     * firing and resolved in turn (none lost, none doubled).
     *
     * @return the violations, and the number of alerts and transitions seen
     */
    static Alerts alerts(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        List<String> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, List<JsonNode>> byFingerprint = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode e = JSON.readTree(r.value());
            String id = e.get("id").asText();
            if (!ids.add(id)) {
                out.add("alert id " + id + " appears twice");
            }
            byFingerprint.computeIfAbsent(e.get("data").get("fingerprint").asText(), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<JsonNode>> alert : byFingerprint.entrySet()) {
            List<JsonNode> transitions = alert.getValue();
            for (int i = 0; i < transitions.size(); i++) {
                JsonNode t = transitions.get(i);
                String want = alert.getKey() + "-" + (i + 1);
                String type = i % 2 == 0 ? "vigil.alert.firing" : "vigil.alert.resolved";
                if (!t.get("id").asText().equals(want) || !t.get("type").asText().equals(type)) {
                    out.add("alert " + alert.getKey() + ": transition " + (i + 1) + " is " + t.get("id").asText()
                            + " " + t.get("type").asText() + ", expected " + want + " " + type);
                    break;
                }
            }
        }
        return new Alerts(firstFew("alerts", out), byFingerprint.size(), records.size());
    }

    /** What {@link #alerts} found. */
    record Alerts(List<String> violations, int alerts, int transitions) {
    }

    static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic) {
        return CommittedTopic.readAll(bootstrap, topic, Duration.ofMinutes(2));
    }

    private static String fingerprint(byte[] key, byte[] value, Iterable<Header> headers) {
        StringBuilder sb = new StringBuilder();
        sb.append(key == null ? "-" : Base64.getEncoder().encodeToString(key)).append('|');
        sb.append(value == null ? "-" : Base64.getEncoder().encodeToString(value));
        for (Header h : headers) {
            sb.append('|').append(h.key()).append('=')
                    .append(h.value() == null ? "-" : Base64.getEncoder().encodeToString(h.value()));
        }
        return sb.toString();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** A summary line and the first few differences, so a violation stays readable. */
    private static List<String> firstFew(String what, List<String> differences) {
        if (differences.isEmpty()) {
            return List.of();
        }
        return List.of(what + " (" + differences.size() + "): "
                + String.join("; ", differences.subList(0, Math.min(SHOWN, differences.size())))
                + (differences.size() > SHOWN ? "; ..." : ""));
    }
}
