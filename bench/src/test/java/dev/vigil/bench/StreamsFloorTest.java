package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.BytesSerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The floor applications do the work they claim and no less: every input record is counted once
 * and written once, the stateful ones keep one entry per key (null keys and values pass without
 * one), and the two-stage one crosses its repartition topic.
 */
class StreamsFloorTest {
    @ParameterizedTest
    @EnumSource(StreamsFloor.Variant.class)
    void everyRecordIsCountedAndWrittenOnce(StreamsFloor.Variant variant) {
        AtomicLong counted = new AtomicLong();
        Topology topology = StreamsFloor.topology(variant, "in", "out", counted);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "floor-test");
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            var in = driver.createInputTopic("in", new BytesSerializer(), new ByteArraySerializer());
            var out = driver.createOutputTopic("out", new BytesDeserializer(), new ByteArrayDeserializer());
            List<String> keys = List.of("task-a", "task-b", "task-a", "lease-c");
            for (String key : keys) {
                in.pipeInput(Bytes.wrap(key.getBytes(StandardCharsets.UTF_8)), ("v-" + key).getBytes(StandardCharsets.UTF_8));
            }
            in.pipeInput((Bytes) null, (byte[]) null);
            assertThat(counted.get()).isEqualTo(keys.size() + 1);
            assertThat(out.getQueueSize()).isEqualTo(keys.size() + 1);
            if (variant != StreamsFloor.Variant.PASS) {
                KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore("floor-store");
                try (var all = store.all()) {
                    List<String> stored = new java.util.ArrayList<>();
                    all.forEachRemaining(kv -> stored.add(new String(kv.key.get(), StandardCharsets.UTF_8)));
                    assertThat(stored).containsExactly("lease-c", "task-a", "task-b");
                }
            }
            assertThat(topology.describe().toString().contains("floor-by-series-repartition"))
                    .isEqualTo(variant == StreamsFloor.Variant.TWO_STAGES);
        }
    }
}
