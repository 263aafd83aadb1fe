package dev.vigil.topology;

import static dev.vigil.topology.TestRecords.T0;
import static dev.vigil.topology.TestRecords.binary;
import static dev.vigil.topology.TestRecords.raw;
import static dev.vigil.topology.TestRecords.str;
import static dev.vigil.topology.TestRecords.structured;
import static dev.vigil.topology.TestRecords.taskData;
import static dev.vigil.topology.TestRecords.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ingest path on TopologyTestDriver: dead letters, deduplication, counts. */
class IngestTopologyTest {
    private static final String TASK = "agent.task.status_changed";

    private final VigilConfig config = ConfigLoader.defaults();
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<byte[], byte[]> dlq;

    @TempDir
    Path stateDir;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(VigilTopology.build(TopologySettings.from(config)), props);
        input = driver.createInputTopic(config.topics().input(), new ByteArraySerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(config.topics().dlq(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static Stream<Arguments> badRecords() {
        String big = "{\"specversion\":\"1.0\",\"pad\":\"" + "x".repeat(1_048_577) + "\"}";
        return Stream.of(
                Arguments.of("not_cloudevent", "unknown", raw("k", utf8("{\"hello\":1}"), new RecordHeaders(), T0)),
                Arguments.of("bad_json", "unknown", raw("k", utf8("{not json"),
                        new RecordHeaders().add("content-type", utf8("application/cloudevents+json")), T0)),
                Arguments.of("bad_json", TASK, binary("k", "b1", TASK, T0, "{oops")),
                Arguments.of("unsupported_specversion", TASK, raw("k",
                        utf8("{\"specversion\":\"0.3\",\"id\":\"x\",\"source\":\"s\",\"type\":\"" + TASK + "\"}"),
                        new RecordHeaders(), T0)),
                Arguments.of("missing_attribute", TASK, structured("k", "", TASK, T0, taskData("t1", "running"))),
                Arguments.of("unknown_type", "unknown", structured("k", "u1", "agent.task.deleted", T0,
                        taskData("t1", "running"))),
                Arguments.of("invalid_data", TASK, binary("k", "i1", TASK, T0, taskData("t1", "done"))),
                Arguments.of("invalid_data", TASK, binary("k", "i2", TASK, T0, null)),
                Arguments.of("too_large", "unknown", raw("k", utf8(big), new RecordHeaders(), T0)));
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("badRecords")
    void everyBadRecordIsDeadLetteredUntouchedWithErrorHeaders(String reason, String typeLabel,
                                                              TestRecord<byte[], byte[]> bad) {
        List<Header> original = Arrays.asList(bad.headers().toArray());
        input.pipeInput(bad);

        TestRecord<byte[], byte[]> out = dlq.readRecord();
        assertThat(out.key()).isEqualTo(bad.key());
        assertThat(out.value()).isEqualTo(bad.value());
        List<Header> headers = Arrays.asList(out.headers().toArray());
        assertThat(headers.subList(0, original.size())).containsExactlyElementsOf(original);
        assertThat(header(out.headers(), "vigil.error.reason")).isEqualTo(reason);
        assertThat(header(out.headers(), "vigil.error.detail")).isNotBlank();
        assertThat(header(out.headers(), "vigil.error.topic")).isEqualTo(config.topics().input());
        assertThat(header(out.headers(), "vigil.error.partition")).isEqualTo("0");
        assertThat(header(out.headers(), "vigil.error.offset")).isEqualTo("0");
        assertThat(dlq.isEmpty()).isTrue();

        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "events|" + typeLabel + "|invalid", 1L, "dlq|" + reason, 1L));
    }

    @Test
    void duplicatesAreCountedOnceWhateverTheContentMode() {
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        input.pipeInput(structured("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        input.pipeInput(binary("t1", "e2", TASK, T0.plusSeconds(1), taskData("t1", "running")));

        assertThat(counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "events|" + TASK + "|accepted", 2L, "events|" + TASK + "|duplicate", 2L));
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void aBadRecordBetweenGoodOnesChangesNothingElse() {
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        input.pipeInput(binary("t1", "e2", TASK, T0, taskData("t1", "no-such-status")));
        input.pipeInput(binary("t1", "e3", TASK, T0.plusSeconds(1), taskData("t1", "running")));

        Map<String, Long> withBad = counts();
        assertThat(withBad).containsEntry("events|" + TASK + "|accepted", 2L)
                .containsEntry("events|" + TASK + "|invalid", 1L)
                .containsEntry("dlq|invalid_data", 1L)
                .hasSize(3);
        assertThat(dlq.readRecordsToList()).hasSize(1);
        // The good events were not touched by the bad one: both ids are remembered.
        assertThat(dedupIds()).hasSize(2);
    }

    @Test
    void idsExpireAfterTheHorizonInStreamTimeAndArePurged() {
        Duration horizon = config.aggregates().dedupHorizon();
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        assertThat(dedupIds()).hasSize(1);

        // Stream time moves two horizons on, on another key: within the horizon only e9 is remembered
        // (e1's segment is dropped by the store's retention; the record cache may still hold a copy).
        Instant later = T0.plus(horizon.multipliedBy(2));
        input.pipeInput(binary("t2", "e9", TASK, later, taskData("t2", "submitted")));
        assertThat(dedupIds(later.minus(horizon))).as("e1 expired, e9 kept").containsExactly(dedupKey("e9"));

        // A repeat of e1 after its horizon is a new event again.
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        assertThat(counts()).containsEntry("events|" + TASK + "|accepted", 3L)
                .doesNotContainKey("events|" + TASK + "|duplicate");
    }

    @Test
    void theHorizonIsExactInStreamTimeNotRoundedToSegments() {
        Duration horizon = config.aggregates().dedupHorizon();
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        // Stream time exactly one horizon after e1: still a repeat.
        input.pipeInput(binary("t2", "e2", TASK, T0.plus(horizon), taskData("t2", "submitted")));
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        assertThat(counts()).containsEntry("events|" + TASK + "|duplicate", 1L);
        // One millisecond more: e1 is past the horizon, so its repeat is a new event.
        input.pipeInput(binary("t2", "e3", TASK, T0.plus(horizon).plusMillis(1), taskData("t2", "running")));
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        assertThat(counts()).containsEntry("events|" + TASK + "|duplicate", 1L)
                .containsEntry("events|" + TASK + "|accepted", 4L);
    }

    @Test
    void aRepeatWithinTheHorizonIsADuplicateEvenAfterOtherTraffic() {
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        input.pipeInput(binary("t2", "e2", TASK, T0.plus(Duration.ofHours(23)), taskData("t2", "submitted")));
        input.pipeInput(binary("t1", "e1", TASK, T0, taskData("t1", "submitted")));
        assertThat(counts()).containsEntry("events|" + TASK + "|duplicate", 1L);
    }

    private Map<String, Long> counts() {
        Map<String, Long> all = new HashMap<>();
        for (String store : List.of(StoreNames.INGEST_OUTCOMES, StoreNames.DEDUP_OUTCOMES)) {
            KeyValueStore<String, Long> s = driver.getKeyValueStore(store);
            try (KeyValueIterator<String, Long> it = s.all()) {
                it.forEachRemaining(kv -> all.merge(kv.key, kv.value, Long::sum));
            }
        }
        return all;
    }

    private List<String> dedupIds() {
        return dedupIds(Instant.EPOCH);
    }

    /** The ids remembered at or after {@code from}. */
    private List<String> dedupIds(Instant from) {
        List<String> keys = new ArrayList<>();
        WindowStore<String, byte[]> s = driver.getWindowStore(StoreNames.DEDUP_SEEN);
        try (KeyValueIterator<Windowed<String>, byte[]> it = s.fetchAll(from, Instant.ofEpochMilli(Long.MAX_VALUE))) {
            it.forEachRemaining(kv -> keys.add(kv.key.key()));
        }
        return keys;
    }

    private static String dedupKey(String id) {
        return "orchestrator".length() + ":orchestrator" + id;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : str(h.value());
    }
}
