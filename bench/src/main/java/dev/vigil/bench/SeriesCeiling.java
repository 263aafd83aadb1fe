package dev.vigil.bench;

import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.VigilTopology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The series stage's ceiling (BENCHMARKS.md, Scale-out): {@code GroupPartitioner} sends all series
 * updates of one metric group to one partition of {@code series-updates}, so one task applies them
 * however many instances run, and the busiest group's task bounds the application's input rate.
 *
 * <ol>
 *   <li>Where the series updates go: after an exactly-once drain whose repartition topics were not
 *       purged ({@code repartition.purge.interval.ms} of a day), {@code series-updates} still holds
 *       every batch the entity stage sent; counted per group (the record key), read_committed.</li>
 *   <li>What one task can apply: the busiest group's batches, copied as they are (key, value,
 *       headers, timestamp, partition) into the {@code series-updates} topic of a fresh application
 *       whose input topic is empty, then that application is started. Its one busy task runs alone
 *       on the stream thread; timed from the first committed offset past zero to the last, with this
 *       JVM's CPU over the same span.</li>
 * </ol>
 * Ceiling = batches per second of that task / the group's batches per input event.
 */
final class SeriesCeiling {
    /** What the run measured. */
    record Result(Map<String, Long> batchesByGroup, long events, String busiestGroup, long applied,
                  double seconds, double cpuSeconds) {
        double batchesPerEvent(String group) {
            return (double) batchesByGroup.getOrDefault(group, 0L) / events;
        }

        /** Batches per second one series task applies. */
        double capacity() {
            return applied / seconds;
        }

        /** Input events per second at which the busiest group's task is saturated. */
        double ceiling() {
            return capacity() / batchesPerEvent(busiestGroup);
        }
    }

    /** Keeps a drain's repartition topics whole (Kafka Streams purges them after each commit by default). */
    static final Map<String, String> NO_PURGE = Map.of("repartition.purge.interval.ms", Long.toString(Duration.ofDays(1).toMillis()));

    private static final long POLL_MILLIS = 50;
    /** The shortest window after the first partial commit that is timed; a shorter one is timed from the start. */
    static final Duration MIN_WINDOW = Duration.ofSeconds(1);
    private final String bootstrap;
    private final Consumer<String> progress;

    SeriesCeiling(String bootstrap, Consumer<String> progress) {
        this.bootstrap = bootstrap;
        this.progress = progress;
    }

    /**
     * @param drained   the application id of a finished drain run with {@link #NO_PURGE}
     * @param events    input records of that drain
     * @param fresh     the fresh application (its own id and state directory; its input topic exists and is empty)
     */
    Result run(String drained, long events, VigilConfig fresh, Duration timeout) throws Exception {
        String source = repartitionTopic(drained);
        String target = repartitionTopic(fresh.kafka().applicationId());
        Map<String, Long> byGroup = new TreeMap<>();
        int partitions;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            partitions = admin.describeTopics(List.of(source)).allTopicNames().get().get(source).partitions().size();
            copy(source, null, byGroup);
            String busiest = byGroup.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            progress.accept(String.format(Locale.ROOT, "[ceiling] series-updates batches per input event: %s; busiest: %s",
                    perEvent(byGroup, events), busiest));
            admin.createTopics(List.of(new NewTopic(target, partitions, (short) 1)
                    .configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1")))).all().get();
            Map<TopicPartition, Long> copied = copy(source, target, busiest, new HashMap<>());
            TopicPartition partition = copied.keySet().iterator().next();
            long total = copied.get(partition);
            progress.accept(String.format(Locale.ROOT, "[ceiling] %,d %s batches copied to %s; starting %s",
                    total, busiest, partition, fresh.kafka().applicationId()));
            return apply(admin, fresh, partition, total, timeout, byGroup, events, busiest);
        }
    }

    private Result apply(Admin admin, VigilConfig fresh, TopicPartition partition, long total, Duration timeout,
                         Map<String, Long> byGroup, long events, String busiest) throws Exception {
        String group = fresh.kafka().applicationId();
        long deadline = System.nanoTime() + timeout.toNanos();
        long startAt = System.nanoTime();
        double startCpu = processCpuSeconds();
        try (VigilApp app = VigilApp.start(fresh)) {
            long firstAt = -1;
            long firstOffset = 0;
            double firstCpu = 0;
            while (true) {
                KafkaStreams.State state = app.state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("[ceiling] Kafka Streams stopped: " + state);
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new IllegalStateException("[ceiling] not applied within " + timeout);
                }
                long committed = committed(admin, group, partition);
                if (firstAt < 0 && committed > 0) {
                    firstAt = now;
                    firstOffset = committed;
                    firstCpu = processCpuSeconds();
                }
                if (committed >= total) {
                    if (total - firstOffset < total / 2 || now - firstAt < MIN_WINDOW.toNanos()) {
                        // A small run: most batches were applied before a partial commit could be seen, or the
                        // rest within a moment. The JVM's process CPU clock moves in 10 ms ticks, sampled, so such
                        // a window can read 0 (seen twice: 275 and 2,748 batches in 0.1 s, 0.0 µs of CPU). Timed
                        // from the start instead, start-up included, so the capacity is a lower bound.
                        progress.accept(String.format(Locale.ROOT, "[ceiling] %,d of %,d batches applied when the "
                                + "first partial commit was seen, the rest in %.2f s: timed from the start (start-up "
                                + "included; a lower bound)", firstOffset, total, (now - firstAt) / 1e9));
                        firstAt = startAt;
                        firstOffset = 0;
                        firstCpu = startCpu;
                    }
                    double seconds = (now - firstAt) / 1e9;
                    double cpu = processCpuSeconds() - firstCpu;
                    Result r = new Result(Map.copyOf(byGroup), events, busiest, total - firstOffset, seconds, cpu);
                    progress.accept(String.format(Locale.ROOT,
                            "[ceiling] one series task applied %,d %s batches in %.2f s: %,.0f batches/s, %.1f µs of CPU per batch; "
                                    + "at %.3f %s batches per input event, the ceiling is %,.0f input events/s",
                            r.applied(), busiest, seconds, r.capacity(), cpu / r.applied() * 1e6,
                            r.batchesPerEvent(busiest), busiest, r.ceiling()));
                    return r;
                }
                LockSupport.parkNanos(POLL_MILLIS * 1_000_000);
            }
        }
    }

    static String repartitionTopic(String applicationId) {
        return applicationId + "-" + VigilTopology.SERIES_UPDATES + "-repartition";
    }

    private static String perEvent(Map<String, Long> byGroup, long events) {
        List<String> parts = new ArrayList<>();
        byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> parts.add(String.format(Locale.ROOT, "%s %.3f", e.getKey(), (double) e.getValue() / events)));
        return String.join(", ", parts);
    }

    /** Counts the committed records of {@code source} by key. */
    private void copy(String source, String target, Map<String, Long> byGroup) {
        copy(source, target, null, byGroup);
    }

    /**
     * Reads {@code source} (read_committed) to its end, counting records by key; when {@code target}
     * is given, copies the records whose key is {@code onlyKey} to the same partition there.
     *
     * @return records copied per target partition
     */
    private Map<TopicPartition, Long> copy(String source, String target, String onlyKey, Map<String, Long> byGroup) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        Map<TopicPartition, Long> copied = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = target == null ? null
                     : new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(source).stream()
                    .map(info -> new TopicPartition(source, info.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = r.key() == null ? "" : new String(r.key(), java.nio.charset.StandardCharsets.UTF_8);
                    byGroup.merge(key, 1L, Long::sum);
                    if (producer != null && key.equals(onlyKey)) {
                        producer.send(new ProducerRecord<>(target, r.partition(), r.timestamp(), r.key(), r.value(), r.headers()));
                        copied.merge(new TopicPartition(target, r.partition()), 1L, Long::sum);
                    }
                }
            }
            if (producer != null) {
                producer.flush();
            }
        }
        return copied;
    }

    private static long committed(Admin admin, String group, TopicPartition partition)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        OffsetAndMetadata o = offsets.get(partition);
        return o == null ? 0 : o.offset();
    }

    private static double processCpuSeconds() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }
}
