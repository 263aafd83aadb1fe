package dev.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.vigil.bench.E2eOptions.Phase;
import dev.vigil.simulator.ContentMode;
import dev.vigil.simulator.EventGenerator;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.simulator.Outcome;
import dev.vigil.simulator.SimRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink peer (bench/flink's jar, a real Flink MiniCluster in a child JVM, RocksDB, exactly-once Kafka sink) on a
 * real broker, through the bench's own flink phase: 4,000 simulator records (both content modes, duplicates, bad
 * records) in 3 partitions. The phase itself fails when the peer's committed output differs from the simulator's
 * truth in any sample of its families or when it read another number of records; the test also checks what the
 * report says.
 */
class FlinkPeerIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(FlinkPeerIntegrationTest.class);
    private static final int EVENTS = 4_000;

    @TempDir
    Path temp;

    @Test
    @Timeout(180)
    void thePeersCommittedOutputEqualsTheSimulatorsTruth() throws Exception {
        Path json = temp.resolve("bench-result.json");
        E2eOptions options = E2eOptions.defaults()
                .withEvents(EVENTS)
                // The floor (Kafka Streams alone) drains the same small topic: its broker path stays tested cheaply.
                .withPhases(EnumSet.of(Phase.FLINK, Phase.FLOOR))
                // Checkpoints (and so committed transactions) several times during the run, not only the last one.
                .withFlink(new FlinkOptions(null, 200, 512))
                .withDrainTimeout(Duration.ofSeconds(120))
                .withProgressInterval(Duration.ofSeconds(2))
                .withWorkDir(temp.resolve("work"))
                .withJson(json);

        BenchRun.run(options, LOG::info);

        JsonNode root = JsonMapper.builder().build().readTree(json.toFile());
        JsonNode info = root.get("info");
        assertThat(info.get("flink.matches_simulator_truth").asBoolean()).isTrue();
        assertThat(info.get("flink.records_read").asLong()).isEqualTo(EVENTS);
        // The input has what the peer must handle: duplicates, invalid records, and events of both content modes.
        assertThat(info.get("flink.duplicates").asLong()).isPositive();
        assertThat(info.get("flink.invalid_dropped").asLong()).isPositive();
        assertThat(info.get("flink.accepted").asLong() + info.get("flink.duplicates").asLong()
                + info.get("flink.invalid_dropped").asLong() + info.get("flink.outside_subset").asLong())
                .isEqualTo(EVENTS);
        assertThat(info.get("flink.series").asLong()).isGreaterThan(100);
        Map<ContentMode, Integer> modes = new EnumMap<>(ContentMode.class);
        EventGenerator generator = new EventGenerator(options.seed(), GeneratorOptions.defaults());
        for (int i = 0; i < EVENTS; i++) {
            SimRecord r = generator.next();
            if (r.expected().outcome() == Outcome.ACCEPTED) {
                modes.merge(r.expected().mode(), 1, Integer::sum);
            }
        }
        assertThat(modes.getOrDefault(ContentMode.BINARY, 0)).isGreaterThan(100);
        assertThat(modes.getOrDefault(ContentMode.STRUCTURED, 0)).isGreaterThan(100);

        Map<String, Double> figures = new HashMap<>();
        for (JsonNode figure : root.get("figures")) {
            figures.put(figure.get("phase").asText() + "." + figure.get("figure").asText(),
                    figure.get("value").asDouble(Double.NaN));
        }
        assertThat(figures.get("flink.cpu_per_record")).isPositive().isFinite();
        assertThat(figures.get("flink.events_per_cpu_second")).isPositive().isFinite();
        assertThat(figures.get("flink.rate")).isPositive().isFinite();
        for (String floor : List.of("floor_pass", "floor_store", "floor_two_stages")) {
            assertThat(figures.get(floor + ".cpu_per_record")).as(floor).isPositive().isFinite();
            assertThat(figures.get(floor + ".rate")).as(floor).isPositive().isFinite();
        }
    }
}
