package dev.vigil.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What Kafka Streams itself costs per event on this machine, with none of Vigil's work: the
 * smallest exactly-once applications that read the preloaded topic and write one record per
 * event, drained and measured exactly as Vigil's {@code eos} drain is (this JVM's CPU from the
 * start of {@link KafkaStreams} to its close, same guarantee, same commit interval).
 * <ul>
 *   <li>{@link Variant#PASS}: read → write. No state: the engine's floor for any topology.</li>
 *   <li>{@link Variant#STORE}: read → one get and one put of the event's bytes in a persistent
 *       (RocksDB, cached, changelogged) store keyed by the record key → write. The floor of any
 *       exact stateful application; Vigil needs at least three such stores per event (dedup, entity,
 *       series) and parses the event.</li>
 *   <li>{@link Variant#TWO_STAGES}: the shape of any exact per-entity-then-per-series application,
 *       as Vigil's is: read → get and put by record key → re-key (by the record key's first byte, a
 *       stand-in for a series) through a repartition topic → get and put by the new key → write.</li>
 * </ul>
 * Input: {@link BenchRun#INPUT}; output: a topic per run, {@code <application id>-out}.
 */
final class StreamsFloor {
    enum Variant {
        PASS, STORE, TWO_STAGES
    }

    record Result(Variant variant, long records, double seconds, double cpuSeconds) {
        double cpuMicrosPerRecord() {
            return cpuSeconds / records * 1e6;
        }

        double rate() {
            return records / seconds;
        }
    }

    private static final String STORE = "floor-store";
    private static final String SECOND_STORE = "floor-second-store";

    private StreamsFloor() {
    }

    /** The topology of one variant; {@code counted} is incremented once per input record. */
    static Topology topology(Variant variant, String input, String output, AtomicLong counted) {
        StreamsBuilder builder = new StreamsBuilder();
        boolean stateful = variant != Variant.PASS;
        if (stateful) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                    Serdes.Bytes(), Serdes.ByteArray()));
        }
        KStream<Bytes, byte[]> first = builder.stream(input, Consumed.with(Serdes.Bytes(), Serdes.ByteArray())
                        .withName("floor-source"))
                .process(() -> new Step(stateful, STORE, variant != Variant.TWO_STAGES ? counted : null),
                        Named.as("floor-step"), stateful ? new String[] {STORE} : new String[0]);
        if (variant == Variant.TWO_STAGES) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SECOND_STORE),
                    Serdes.Bytes(), Serdes.ByteArray()));
            first = first
                    // Re-keyed to spread the records over a few keys, as series updates are.
                    .selectKey((k, v) -> Bytes.wrap(new byte[] {k == null || k.get().length == 0 ? 0 : k.get()[0]}),
                            Named.as("floor-rekey"))
                    .repartition(Repartitioned.with(Serdes.Bytes(), Serdes.ByteArray()).withName("floor-by-series"))
                    .process(() -> new Step(true, SECOND_STORE, counted), Named.as("floor-second-step"), SECOND_STORE);
        }
        first.to(output, Produced.with(Serdes.Bytes(), Serdes.ByteArray()).withName("floor-sink"));
        return builder.build();
    }

    /** Drains {@code input} from its beginning once, exactly-once, and closes. */
    static Result run(String bootstrap, String input, String applicationId, Path stateDir, long records,
                      Variant variant, Duration timeout) {
        AtomicLong counted = new AtomicLong();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        props.put("consumer.auto.offset.reset", "earliest");
        long cpu0 = CpuMeter.selfCpuNanos();
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        try (KafkaStreams streams = new KafkaStreams(topology(variant, input, applicationId + "-out", counted), props)) {
            streams.start();
            while (counted.get() < records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("[floor " + variant + "] " + counted.get() + " of " + records
                            + " records within " + timeout);
                }
                if (streams.state() == KafkaStreams.State.ERROR) {
                    throw new IllegalStateException("[floor " + variant + "] Kafka Streams failed");
                }
                LockSupport.parkNanos(50_000_000);
            }
        }
        return new Result(variant, records, (System.nanoTime() - t0) / 1e9,
                (CpuMeter.selfCpuNanos() - cpu0) / 1e9);
    }

    private static final class Step implements Processor<Bytes, byte[],
            Bytes, byte[]> {
        private final boolean stateful;
        private final String storeName;
        private final AtomicLong counted;
        private ProcessorContext<Bytes, byte[]> context;
        private KeyValueStore<Bytes, byte[]> store;

        /** @param counted incremented per record, or null */
        Step(boolean stateful, String storeName, AtomicLong counted) {
            this.stateful = stateful;
            this.storeName = storeName;
            this.counted = counted;
        }

        @Override
        public void init(ProcessorContext<Bytes, byte[]> context) {
            this.context = context;
            if (stateful) {
                store = context.getStateStore(storeName);
            }
        }

        @Override
        public void process(Record<Bytes, byte[]> record) {
            if (stateful && record.key() != null && record.value() != null) {
                byte[] previous = store.get(record.key());
                // The stored value depends on the previous one, so the read cannot be skipped.
                store.put(record.key(), previous == null ? record.value() : record.value().length == previous.length
                        ? previous : record.value());
            }
            context.forward(record);
            if (counted != null) {
                counted.incrementAndGet();
            }
        }
    }
}
