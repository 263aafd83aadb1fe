package dev.vigil.bench.flink;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink peer of Vigil's benchmark (issue 18): a Flink job, run on a MiniCluster in this JVM, that does the core
 * of Vigil's work on the same input topic and ends when it has drained it.
 *
 * <pre>
 * KafkaSource (raw records, bounded at the end offsets present at start, one reader per partition)
 *   → parse ({@link EventParser}: both CloudEvents content modes, Vigil's validity rules; invalid records are
 *     counted and dropped: the peer writes no dead-letter topic)
 *   → keyBy entity key → {@link EntityStage} (dedup by (source, id), task and step state machines, calls)
 *   → keyBy series → {@link SeriesStage} (counters and the step duration histogram)
 *   → KafkaSink, exactly-once (transactions committed on checkpoints): series key → latest value
 * </pre>
 *
 * <p>State is in RocksDB (incremental checkpoints to the work directory); checkpoints are exactly-once, every
 * {@code --checkpoint-interval-ms} (default 1,000 ms: Flink commits its Kafka transactions only on a checkpoint, and
 * a checkpoint snapshots every operator's state, so it is a heavier step than Kafka Streams' commit; 1 s is a usual
 * low setting in production and lets the peer batch like Vigil does between commits). Parallelism is
 * {@code --parallelism} (the input's partition count). When the job ends, a JSON summary (records read, accepted,
 * duplicates, invalid, outside the subset, job time) goes to {@code --summary}.
 *
 * <p>Options: {@code --bootstrap HOST:PORT --input TOPIC --output TOPIC --parallelism N --work-dir DIR
 * [--checkpoint-interval-ms 1000] [--transactional-id-prefix P] [--model-prices gpt-4o=2.5:10.0:1.25]
 * [--duration-buckets 0.05,0.1,...] [--managed-memory-mb 512] [--summary FILE] [--hold-until-stdin-closes true]}.
 * When the job has finished, one line {@code FLINK-PEER-DONE <summary JSON>} goes to standard output; with
 * {@code --hold-until-stdin-closes true} the JVM then waits for its standard input to close before it exits, so
 * that its parent can read its CPU time while it still exists.
 */
public final class FlinkPeer {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkPeer.class);

    static final String RECORDS = "records";
    static final String INVALID = "invalid";
    static final String OTHER = "outside_subset";
    static final String ACCEPTED = "accepted";
    static final String DUPLICATES = "duplicates";
    /** Prefix of the final report line on standard output. */
    public static final String DONE = "FLINK-PEER-DONE ";

    /** Vigil's default {@code aggregates.buckets.duration_seconds}. */
    static final String DEFAULT_DURATION_BUCKETS = "0.05,0.1,0.25,0.5,1,2.5,5,10,30,60,120,300,600,1800,3600";
    /** A default for runs by hand: the driver passes the simulator models' effective prices. */
    static final String DEFAULT_MODEL_PRICES = "gpt-4o=2.5:10.0:1.25";

    private FlinkPeer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String bootstrap = required(o, "bootstrap");
        String input = required(o, "input");
        String output = required(o, "output");
        int parallelism = Integer.parseInt(required(o, "parallelism"));
        Path work = Path.of(required(o, "work-dir")).toAbsolutePath();
        long checkpointMs = Long.parseLong(o.getOrDefault("checkpoint-interval-ms", "1000"));
        String txPrefix = o.getOrDefault("transactional-id-prefix", "vigil-flink-peer-" + ProcessHandle.current().pid());
        PriceTable prices = PriceTable.parse(o.getOrDefault("model-prices", DEFAULT_MODEL_PRICES));
        double[] buckets = Arrays.stream(o.getOrDefault("duration-buckets", DEFAULT_DURATION_BUCKETS).split(","))
                .mapToDouble(Double::parseDouble).toArray();
        long managedMb = Long.parseLong(o.getOrDefault("managed-memory-mb", "512"));

        Files.createDirectories(work);
        Map<String, String> conf = new HashMap<>();
        conf.put("state.backend.type", "rocksdb");
        conf.put("state.backend.rocksdb.localdir", work.resolve("rocksdb").toString());
        conf.put("execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        conf.put("execution.checkpointing.incremental", "true");
        conf.put("execution.checkpointing.interval", checkpointMs + " ms");
        conf.put("execution.checkpointing.mode", "EXACTLY_ONCE");
        conf.put("io.tmp.dirs", work.resolve("tmp").toString());
        conf.put("taskmanager.memory.managed.size", managedMb + "m");
        conf.put("pipeline.object-reuse", "true");
        conf.put("pipeline.generic-types", "false");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism,
                Configuration.fromMap(conf));

        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(input)
                .setGroupId(txPrefix)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawRecord.Deserializer())
                .build();
        KafkaSink<Tuple2<String, String>> sink = KafkaSink.<Tuple2<String, String>>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(new SeriesSerializer(output))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(txPrefix)
                // At most the broker's transaction.max.timeout.ms (15 min by default); Flink's default is 1 h.
                .setProperty("transaction.timeout.ms", "300000")
                .build();

        env.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
                .flatMap(new Parse()).name("parse")
                .keyBy(e -> e.entity)
                .process(new EntityStage(prices)).name("entities")
                .keyBy(u -> u.series)
                .process(new SeriesStage(buckets)).name("series")
                .sinkTo(sink).name("output");

        LOG.info("Flink peer: {} → {} on {}, parallelism {}, RocksDB state and checkpoints in {}, exactly-once "
                + "checkpoints every {} ms", input, output, bootstrap, parallelism, work, checkpointMs);
        long t0 = System.nanoTime();
        JobExecutionResult result = env.execute("vigil-flink-peer");
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, Object> summary = new LinkedHashMap<>();
        for (String name : new String[] {RECORDS, ACCEPTED, DUPLICATES, INVALID, OTHER}) {
            Object v = result.getAccumulatorResult(name);
            summary.put(name, v == null ? 0L : v);
        }
        summary.put("job_seconds", seconds);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            summary.put("process_cpu_seconds", os.getProcessCpuTime() / 1e9);
        }
        String json = JsonMapper.builder().build().writeValueAsString(summary);
        LOG.info("Flink peer finished: {}", json);
        if (o.containsKey("summary")) {
            Files.writeString(Path.of(o.get("summary")), json, StandardCharsets.UTF_8);
        }
        // The final report, one line, for whoever started this JVM (the bench reads it, then measures this
        // process' CPU time in /proc before letting it exit by closing its standard input).
        System.out.println(DONE + json);
        System.out.flush();
        if (Boolean.parseBoolean(o.getOrDefault("hold-until-stdin-closes", "false"))) {
            while (System.in.read() >= 0) {
                // wait for end of input
            }
        }
        System.exit(0);
    }

    /** Parses each raw record; only accepted events of the subset go on. Counts every verdict. */
    static final class Parse extends RichFlatMapFunction<RawRecord, PeerEvent> {
        private static final long serialVersionUID = 1L;
        private transient EventParser parser;
        private transient LongCounter records;
        private transient LongCounter invalid;
        private transient LongCounter other;

        @Override
        public void open(OpenContext context) {
            parser = new EventParser(EventParser.DEFAULT_MAX_EVENT_BYTES, EventParser.DEFAULT_MAX_FUTURE_SKEW_MS);
            records = getRuntimeContext().getLongCounter(RECORDS);
            invalid = getRuntimeContext().getLongCounter(INVALID);
            other = getRuntimeContext().getLongCounter(OTHER);
        }

        @Override
        public void flatMap(RawRecord r, Collector<PeerEvent> out) {
            records.add(1);
            PeerEvent e = parser.parse(r.value, r.headerKeys, r.headerValues, r.timestamp);
            if (e != null) {
                out.collect(e);
            } else if (parser.verdict() == EventParser.Verdict.OTHER) {
                other.add(1);
            } else {
                invalid.add(1);
            }
        }
    }

    /** (series key, value text) → a record of the output topic, both UTF-8. */
    static final class SeriesSerializer implements KafkaRecordSerializationSchema<Tuple2<String, String>> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        SeriesSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(Tuple2<String, String> sample, KafkaSinkContext context,
                                                        Long timestamp) {
            return new ProducerRecord<>(topic, sample.f0.getBytes(StandardCharsets.UTF_8),
                    sample.f1.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs; got " + Arrays.toString(args));
            }
            o.put(args[i].substring(2).toLowerCase(Locale.ROOT), args[++i]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
