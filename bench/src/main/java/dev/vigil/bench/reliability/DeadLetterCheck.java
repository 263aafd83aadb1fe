package dev.vigil.bench.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead-letter topic against the input (docs/dead-letters.md): each dead letter, read read_committed,
 * is the input record its {@code vigil.error.partition}/{@code offset} headers point at, byte for byte
 * (key, value, headers in order), followed by exactly the five {@code vigil.error.*} headers, and no
 * input record is dead-lettered twice. Where the generator knew a verdict, it holds: a known invalid
 * record is on the DLQ with its reason, a known valid one is not.
 *
 * @param deadLetters the dead letters read
 * @param knownChecked the records whose known verdict was checked
 * @param violations what did not hold
 */
record DeadLetterCheck(long deadLetters, long knownChecked, List<String> violations) {
    static final List<String> ERROR_HEADERS = List.of("vigil.error.reason", "vigil.error.detail",
            "vigil.error.topic", "vigil.error.partition", "vigil.error.offset");
    private static final int MAX_REPORTED = 20;

    static DeadLetterCheck check(String bootstrap, VigilYaml.Topics topics, HostileInputRun.Published published) {
        Map<Long, ConsumerRecord<byte[], byte[]>> input = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : readAll(bootstrap, topics.input())) {
            input.put(HostileInputRun.Published.position(r.partition(), r.offset()), r);
        }
        List<ConsumerRecord<byte[], byte[]>> dlq = readAll(bootstrap, topics.dlq());
        List<String> violations = new ArrayList<>();
        long[] problems = {0};
        java.util.function.Consumer<String> report = v -> {
            if (++problems[0] <= MAX_REPORTED) {
                violations.add(v);
            }
        };
        if (input.size() != published.records().size()) {
            report.accept("the input topic holds " + input.size() + " records, " + published.records().size()
                    + " were published");
        }
        Map<Long, String> reasons = new HashMap<>();
        Set<Long> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> d : dlq) {
            String where = "dead letter " + d.partition() + "/" + d.offset();
            List<Header> headers = Arrays.asList(d.headers().toArray());
            if (headers.size() < ERROR_HEADERS.size()) {
                report.accept(where + " has " + headers.size() + " headers, fewer than the five vigil.error.* ones");
                continue;
            }
            List<Header> error = headers.subList(headers.size() - ERROR_HEADERS.size(), headers.size());
            List<String> names = error.stream().map(Header::key).toList();
            if (!names.equals(ERROR_HEADERS)) {
                report.accept(where + " ends with headers " + names + ", not " + ERROR_HEADERS);
                continue;
            }
            String topic = text(error.get(2));
            long partition;
            long offset;
            try {
                partition = Long.parseLong(text(error.get(3)));
                offset = Long.parseLong(text(error.get(4)));
            } catch (NumberFormatException e) {
                report.accept(where + " has a vigil.error.partition/offset that is not decimal: " + e.getMessage());
                continue;
            }
            if (!topics.input().equals(topic)) {
                report.accept(where + " names topic '" + topic + "', not the input topic " + topics.input());
            }
            long position = HostileInputRun.Published.position((int) partition, offset);
            if (!seen.add(position)) {
                report.accept("input record " + partition + "/" + offset + " is on the DLQ twice");
                continue;
            }
            reasons.put(position, text(error.get(0)));
            ConsumerRecord<byte[], byte[]> original = input.get(position);
            if (original == null) {
                report.accept(where + " points at input record " + partition + "/" + offset + ", which does not exist");
                continue;
            }
            List<Header> originalHeaders = Arrays.asList(original.headers().toArray());
            if (!Arrays.equals(d.key(), original.key()) || !Arrays.equals(d.value(), original.value())
                    || !HostileInputRun.sameHeaders(headers.subList(0, headers.size() - ERROR_HEADERS.size()),
                    originalHeaders)) {
                report.accept(where + " is not input record " + partition + "/" + offset + " byte for byte (key "
                        + Arrays.equals(d.key(), original.key()) + ", value " + Arrays.equals(d.value(), original.value())
                        + ", " + originalHeaders.size() + " original headers vs "
                        + (headers.size() - ERROR_HEADERS.size()) + ")");
            }
            if (text(error.get(1)).isBlank()) {
                report.accept(where + " has an empty vigil.error.detail");
            }
        }
        long known = 0;
        for (Map.Entry<Long, Integer> e : published.indexByPosition().entrySet()) {
            HostileRecords.Hostile h = published.records().get(e.getValue());
            if (!h.known()) {
                continue;
            }
            known++;
            String reason = reasons.get(e.getKey());
            if (HostileInputRun.knownInvalid(h) && !h.reason().equals(reason)) {
                report.accept("record " + e.getValue() + " (" + h.kind() + ") must be dead-lettered as " + h.reason()
                        + ", DLQ reason: " + reason);
            } else if (!HostileInputRun.knownInvalid(h) && reason != null) {
                report.accept("record " + e.getValue() + " (" + h.kind() + ", " + h.outcome().label()
                        + ") was dead-lettered as " + reason);
            }
        }
        if (problems[0] > MAX_REPORTED) {
            violations.add((problems[0] - MAX_REPORTED) + " further dead-letter violations not listed");
        }
        return new DeadLetterCheck(dlq.size(), known, violations);
    }

    private static String text(Header h) {
        return h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Every committed record of a topic, from the beginning to the end offsets of the moment. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end within 2 minutes");
                }
                c.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }
}
