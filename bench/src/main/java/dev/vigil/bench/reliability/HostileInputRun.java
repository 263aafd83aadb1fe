package dev.vigil.bench.reliability;

import dev.vigil.bench.Producers;
import dev.vigil.bench.VigilProcess;
import dev.vigil.simulator.Outcome;
import dev.vigil.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Run 5 of RELIABILITY.md: at least 100,000 seeded, structure-aware hostile records
 * ({@link HostileRecords}) into one exactly-once Vigil. Vigil must never stop or restart, keep
 * {@code /readyz} at 200, count every record once as accepted, duplicate or invalid, dead-letter every
 * invalid one byte for byte with its headers, keep every counter finite and non-decreasing, and log no
 * stack trace ({@link StackTraces}).
 */
final class HostileInputRun implements ReliabilityRun {
    /** Vigil's {@code topics.max_event_bytes} for the run: small, so records either side of it stay cheap. */
    static final int MAX_EVENT_BYTES = 64 * 1024;
    private static final int PARTITIONS = 4;

    @Override
    public String name() {
        return "hostile";
    }

    @Override
    public String description() {
        return "100,000 seeded hostile records into one exactly-once Vigil: it never stops, stays ready, counts "
                + "each once and dead-letters each invalid one byte for byte.";
    }

    @Override
    public RunResult run(RunContext context) throws Exception {
        int records = context.pick(3_000, 100_000);
        // Generous: on a loaded 2-core machine the CI size has taken 60 s to drain; a hang still fails.
        Duration drainTimeout = context.pick(Duration.ofSeconds(150), Duration.ofMinutes(20));
        List<String> violations = new ArrayList<>();
        Map<String, Number> figures = new java.util.LinkedHashMap<>();
        KafkaBroker.Options brokerOptions = KafkaBroker.Options.defaults().withDataDir(context.dir("broker"))
                .withHeapMb(512)
                // Simulated clocks may run ahead of this machine's; no record should be refused for its timestamp.
                .withExtraServerProperty("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
            VigilYaml.Topics topics = VigilYaml.Topics.named("hostile");
            Map<String, String> keep = Map.of("retention.ms", "-1");
            broker.createTopic(topics.input(), PARTITIONS, keep);
            broker.createTopic(topics.dlq(), PARTITIONS, keep);
            broker.createTopic(topics.alerts(), 1, keep);
            int port = VigilProcess.freePort();
            String yaml = withMaxEventBytes(VigilYaml.of(broker.bootstrapServers(), "vigil-hostile", topics,
                    context.dir("state"), port).text());
            try (VigilNode node = new VigilNode(context.workDir(), "vigil", port, yaml, List.of("-Xmx768m"))) {
                node.start();
                Duration ready = node.awaitReady(Duration.ofSeconds(120));
                context.say("[hostile] Vigil ready in %.1f s; generating %,d records (seed %d)",
                        ready.toMillis() / 1e3, records, context.seed());
                try (HostileWatch watch = HostileWatch.start(node)) {
                    Published published = publish(broker.bootstrapServers(), topics.input(), records, context);
                    figures.put("hostile_records", records);
                    figures.put("hostile_publish_s", round(published.seconds()));
                    long counted = awaitCounted(node, records, drainTimeout, violations);
                    double drainSeconds = (System.nanoTime() - published.startNanos()) / 1e9;
                    watch.stop();
                    violations.addAll(watch.violations());
                    figures.put("hostile_drain_s", round(drainSeconds));
                    figures.put("hostile_rate", Math.round(counted / drainSeconds));
                    figures.put("hostile_readyz_polls", watch.readyzPolls());
                    figures.put("hostile_scrapes", watch.scrapes());
                    DeadLetterCheck dlq = DeadLetterCheck.check(broker.bootstrapServers(), topics, published);
                    violations.addAll(dlq.violations());
                    String last = node.metrics();
                    if (last == null) {
                        violations.add("/metrics did not answer 200 at the end of the run");
                    } else {
                        // Kept for whoever reads a failed run: what the hostile records did to the series.
                        java.nio.file.Files.writeString(context.workDir().resolve("metrics-end.txt"), last);
                        violations.addAll(CounterChecks.totals(last, records, dlq.deadLetters()));
                        figures.putAll(CounterChecks.outcomes(last));
                    }
                    figures.put("hostile_dead_letters", dlq.deadLetters());
                    figures.put("hostile_known_verdicts", dlq.knownChecked());
                }
                if (!node.isAlive()) {
                    violations.add("Vigil exited (code " + node.exitValue() + ") during the run:\n" + node.logTail(30));
                } else if (node.readyz() != 200) {
                    violations.add("/readyz did not answer 200 at the end of the run");
                }
                if (node.starts() != 1) {
                    violations.add("Vigil was started " + node.starts() + " times");
                }
                List<String> traces = StackTraces.find(node.log());
                figures.put("hostile_stack_trace_lines", traces.size());
                if (!traces.isEmpty()) {
                    violations.add(traces.size() + " stack-trace lines in the Vigil log " + node.log() + ", first: "
                            + String.join(" | ", traces.subList(0, Math.min(5, traces.size()))));
                }
            }
        }
        figures.put("hostile_violations", violations.size());
        context.say("[hostile] figures: %s", figures);
        String line = String.format(Locale.ROOT, "%,d hostile records (seed %d), each counted once (%s accepted, %s "
                        + "duplicates, %s invalid), %s dead letters byte for byte; drain %.1f s; %d violations", records,
                context.seed(), figures.getOrDefault("hostile_accepted", 0), figures.getOrDefault("hostile_duplicate", 0),
                figures.getOrDefault("hostile_invalid", 0), figures.getOrDefault("hostile_dead_letters", 0),
                figures.getOrDefault("hostile_drain_s", Double.NaN), violations.size());
        return new RunResult(name(), violations.isEmpty(), line, figures, violations);
    }

    /** {@code topics.max_event_bytes} goes in the {@code topics:} section {@link VigilYaml} writes. */
    static String withMaxEventBytes(String yaml) {
        String section = "topics:\n";
        if (!yaml.contains(section)) {
            throw new IllegalStateException("no topics section in:\n" + yaml);
        }
        return yaml.replace(section, section + "  max_event_bytes: " + MAX_EVENT_BYTES + "\n");
    }

    /** What was published: each record with where it landed. */
    record Published(List<HostileRecords.Hostile> records, Map<Long, Integer> indexByPosition, long startNanos,
                     long endNanos) {
        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        static long position(int partition, long offset) {
            return ((long) partition << 48) | offset;
        }
    }

    private static Published publish(String bootstrap, String topic, int n, RunContext context) throws Exception {
        HostileRecords generator = new HostileRecords(context.seed(), MAX_EVENT_BYTES);
        List<HostileRecords.Hostile> records = new ArrayList<>(n);
        Map<Long, Integer> index = Collections.synchronizedMap(new HashMap<>(n * 2));
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = Producers.bulk(bootstrap, "hostile")) {
            for (int i = 0; i < n; i++) {
                HostileRecords.Hostile h = generator.next();
                records.add(h);
                int at = i;
                RecordHeaders headers = new RecordHeaders();
                h.headers().forEach(headers::add);
                producer.send(new ProducerRecord<>(topic, null, h.timestamp(), h.key(), h.value(), headers),
                        (RecordMetadata md, Exception e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            } else {
                                index.put(Published.position(md.partition(), md.offset()), at);
                            }
                        });
                if ((i + 1) % 20_000 == 0) {
                    context.say("[hostile] %,d records sent", i + 1);
                }
            }
            producer.flush();
        }
        if (failed.get() > 0 || index.size() != n) {
            throw new IllegalStateException(failed.get() + " of " + n + " records could not be published");
        }
        return new Published(records, index, start, System.nanoTime());
    }

    /** Waits until {@code vigil_events_total} adds up to the records published; returns the last sum. */
    private static long awaitCounted(VigilNode node, long expected, Duration timeout, List<String> violations) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long counted = -1;
        while (System.nanoTime() < deadline && node.isAlive()) {
            String page = node.metrics();
            if (page != null) {
                counted = (long) CounterChecks.sum(dev.vigil.simulator.PrometheusSamples.parse(page),
                        "vigil_events_total");
                if (counted >= expected) {
                    break;
                }
            }
            LockSupport.parkNanos(200_000_000L);
        }
        if (counted != expected) {
            violations.add("vigil_events_total sums to " + counted + " after " + timeout.toSeconds()
                    + " s, not the " + expected + " records published");
        }
        // A few more scrapes after the sum was reached: a record counted twice would show late.
        long settle = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < settle) {
            LockSupport.parkNanos(100_000_000L);
        }
        return counted;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    /** Whether a known verdict is an invalid one. */
    static boolean knownInvalid(HostileRecords.Hostile h) {
        return h.outcome() == Outcome.INVALID;
    }

    /** Header lists equal name by name, byte for byte, in order. */
    static boolean sameHeaders(List<Header> a, List<Header> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).key().equals(b.get(i).key()) || !java.util.Arrays.equals(a.get(i).value(), b.get(i).value())) {
                return false;
            }
        }
        return true;
    }
}
