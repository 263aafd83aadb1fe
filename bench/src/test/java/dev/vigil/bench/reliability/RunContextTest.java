package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunContextTest {
    @Test
    void kafkaSettingsPassThroughWithoutTheirPrefix() {
        RunContext context = new RunContext(Path.of("/tmp"), RunContext.Scale.CI, 1, line -> { }, Map.of(
                "kafka.restore.consumer.max.poll.records", "10000",
                "kafka.", "ignored: no property named",
                "kills", "3"));

        assertThat(context.kafkaProperties()).containsExactly(Map.entry("restore.consumer.max.poll.records", "10000"));
    }

    @Test
    void aKafkaSettingReachesVigilsConfiguration() {
        String yaml = VigilYaml.of("localhost:9092", "app", VigilYaml.Topics.named("t"), Path.of("/tmp/s"), 9090)
                .withKafkaProperties(Map.of("restore.consumer.max.poll.records", "10000")).text();

        assertThat(yaml).contains("restore.consumer.max.poll.records").contains("10000");
    }
}
