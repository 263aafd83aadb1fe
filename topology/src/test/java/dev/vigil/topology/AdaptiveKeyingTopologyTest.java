package dev.vigil.topology;

import static dev.vigil.topology.TestRecords.T0;
import static dev.vigil.topology.TestRecords.binary;
import static dev.vigil.topology.TestRecords.taskData;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.ingest.EntityHome;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adaptive keying: only records outside their entity's partition cross {@code events-by-entity}.
 * The test driver reads every input record from partition 0, so with four input partitions the
 * entities whose home is 0 stay and the others cross; the per-metric suite (VigilDriver, four
 * partitions) shows both paths give the same aggregates.
 */
class AdaptiveKeyingTopologyTest {
    private static final String TASK = "agent.task.status_changed";
    private static final String APP = "vigil-keying-test";
    private static final String CROSSING = APP + "-" + VigilTopology.EVENTS_BY_ENTITY + "-repartition";

    private final VigilConfig config = ConfigLoader.defaults();
    private final List<String> tasks = IntStream.range(0, 40).mapToObj(i -> "task-" + i).toList();

    @TempDir
    Path stateDir;

    @Test
    void onlyRecordsOutsideTheirEntitysPartitionCrossEventsByEntity() {
        EntityHome home = new EntityHome(4);
        Set<String> away = tasks.stream().filter(t -> home.partition(t) != 0).collect(Collectors.toCollection(TreeSet::new));
        assertThat(away).as("the sample has entities on both sides").isNotEmpty().hasSizeLessThan(tasks.size());

        try (TopologyTestDriver driver = driver(TopologySettings.from(config).withInputPartitions(4))) {
            sendTwoEventsPerTask(driver);
            assertThat(crossed(driver)).containsExactlyInAnyOrderElementsOf(twice(away));
            assertThat(submitted(driver)).isEqualTo(tasks.size());
        }
    }

    @Test
    void withoutTheInputsPartitionCountEveryRecordCrosses() {
        try (TopologyTestDriver driver = driver(TopologySettings.from(config))) {
            sendTwoEventsPerTask(driver);
            assertThat(crossed(driver)).containsExactlyInAnyOrderElementsOf(twice(tasks));
            assertThat(submitted(driver)).isEqualTo(tasks.size());
        }
    }

    @Test
    void theInputKeyedByEntityMovesNothing() {
        VigilConfig keyed = ConfigLoader.fromYaml("topics: {input_keyed_by_entity: true}", java.util.Map.of());
        try (TopologyTestDriver driver = driver(TopologySettings.from(keyed).withInputPartitions(4))) {
            sendTwoEventsPerTask(driver);
            assertThat(submitted(driver)).isEqualTo(tasks.size());
            assertThat(driver.producedTopicNames()).doesNotContain(CROSSING);
        }
    }

    private void sendTwoEventsPerTask(TopologyTestDriver driver) {
        TestInputTopic<byte[], byte[]> input = driver.createInputTopic(config.topics().input(),
                new ByteArraySerializer(), new ByteArraySerializer());
        for (String task : tasks) {
            // Keyed by something else than the entity: only the entity key decides where it goes.
            input.pipeInput(binary("producer-key", task + "-s", TASK, T0, taskData(task, "submitted")));
            input.pipeInput(binary("another-key", task + "-r", TASK, T0.plusSeconds(1), taskData(task, "running")));
        }
    }

    private static List<String> crossed(TopologyTestDriver driver) {
        return driver.createOutputTopic(CROSSING, new StringDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList().stream().map(r -> r.key()).toList();
    }

    private static List<String> twice(Iterable<String> keys) {
        List<String> both = new java.util.ArrayList<>();
        keys.forEach(k -> {
            both.add(k);
            both.add(k);
        });
        return both;
    }

    private static long submitted(TopologyTestDriver driver) {
        KeyValueStore<String, Object> store = driver.getKeyValueStore(StoreNames.TASK_STATE);
        long n = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                all.next();
                n++;
            }
        }
        return n;
    }

    private TopologyTestDriver driver(TopologySettings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return new TopologyTestDriver(VigilTopology.build(settings), props);
    }
}
