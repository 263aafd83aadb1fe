package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {

    @Test
    void writeThenReadGivesTheSameTruth(@TempDir Path dir) throws Exception {
        TruthAccumulator acc = new TruthAccumulator(5L);
        EventGenerator g = new EventGenerator(5L, GeneratorOptions.defaults());
        for (int i = 0; i < 3_000; i++) {
            acc.add(g.next());
        }
        GroundTruth truth = acc.snapshot();
        Path file = dir.resolve("sub/truth.json");
        truth.write(file);

        GroundTruth back = GroundTruth.read(file);
        assertThat(back).isEqualTo(truth);
        assertThat(back.records()).isEqualTo(3_000);
        assertThat(GroundTruth.fromJson(truth.toJson())).isEqualTo(truth);
        assertThat(Files.readString(file)).contains("\n  \"seed\" : 5,");
    }

    @Test
    void metricSamplesSurviveAJsonRoundTrip(@TempDir Path dir) throws Exception {
        List<SimRecord> records = EventGenerator.generate(5L, GeneratorOptions.defaults(), 3_000);
        TruthAccumulator acc = new TruthAccumulator(5L);
        records.forEach(acc::add);
        Map<String, Double> samples = MetricsOracle.compute(TruthSettings.defaults(3), records);
        GroundTruth truth = acc.snapshot().withMetrics(samples);
        assertThat(truth.metrics()).isEqualTo(samples).isNotEmpty();

        Path file = dir.resolve("truth.json");
        truth.write(file);
        GroundTruth back = GroundTruth.read(file);
        assertThat(back).isEqualTo(truth);
        assertThat(back.metrics()).containsExactlyEntriesOf(samples); // same keys, same order, same doubles
        assertThat(back.metric("task_total{status=\"submitted\"}")).isPositive();
        assertThat(back.metric("alerts_firing")).isNull();
        assertThat(back.events(Outcome.ACCEPTED)).isEqualTo(truth.events(Outcome.ACCEPTED));

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.at("/metrics").get("task_total{status=\"submitted\"}").isNumber()).isTrue();
        assertThat(json.at("/metrics").get("active_tasks").asDouble()).isEqualTo(samples.get("active_tasks"));
    }

    @Test
    void jsonShapeIsStable() throws Exception {
        GroundTruth t = new GroundTruth(42L, 7L,
                Map.of("agent.task.status_changed", Map.of("accepted", 4L, "duplicate", 1L),
                        "unknown", Map.of("invalid", 2L)),
                Map.of("bad_json", 1L, "not_cloudevent", 1L), null);
        JsonNode json = new ObjectMapper().readTree(t.toJson());
        assertThat(json.fieldNames()).toIterable()
                .containsExactly("seed", "records", "eventsTotal", "dlqTotal", "metrics");
        assertThat(json.at("/eventsTotal/agent.task.status_changed/accepted").asLong()).isEqualTo(4);
        assertThat(json.at("/eventsTotal/unknown/invalid").asLong()).isEqualTo(2);
        assertThat(json.at("/dlqTotal/bad_json").asLong()).isEqualTo(1);
        assertThat(json.get("metrics").isObject()).isTrue();
        assertThat(t.metrics()).isEmpty();
        GroundTruth withMetrics = t.withMetrics(Map.of("active_tasks", 0.0, "task_total{status=\"submitted\"}", 4.0));
        JsonNode m = new ObjectMapper().readTree(withMetrics.toJson()).get("metrics");
        assertThat(m.fieldNames()).toIterable().containsExactly("active_tasks", "task_total{status=\"submitted\"}");
        assertThat(GroundTruth.fromJson(withMetrics.toJson())).isEqualTo(withMetrics);
        assertThat(t.events("agent.task.status_changed", "accepted")).isEqualTo(4);
        assertThat(t.events("agent.pool.status", "accepted")).isZero();
        assertThat(t.events(Outcome.INVALID)).isEqualTo(2);
        assertThat(t.dlq("too_large")).isZero();
    }

    @Test
    void accumulatorCountsOnlyWhatHappened() {
        TruthAccumulator acc = new TruthAccumulator(1L);
        assertThat(acc.snapshot().eventsTotal()).isEmpty();
        acc.add(Expected.invalid(DlqReason.TOO_LARGE, "unknown", ContentMode.NONE));
        acc.add(Expected.invalid(DlqReason.INVALID_DATA, "agent.pool.status", ContentMode.BINARY));
        GroundTruth t = acc.snapshot();
        assertThat(t.records()).isEqualTo(2);
        assertThat(t.eventsTotal()).isEqualTo(Map.of("unknown", Map.of("invalid", 1L),
                "agent.pool.status", Map.of("invalid", 1L)));
        assertThat(t.dlqTotal()).isEqualTo(Map.of("too_large", 1L, "invalid_data", 1L));
    }
}
