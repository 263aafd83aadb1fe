package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReliabilityJsonTest {
    @TempDir
    Path temp;

    @Test
    void aRunUpdatesItsOwnHeadlineKeysAndKeepsTheOthers() throws Exception {
        Path file = temp.resolve("RELIABILITY.json");
        ReliabilityJson.update(file, Map.of("hostile_records", 100_000, "hostile_violations", 0,
                "hostile_rate", 293.5));
        ReliabilityJson.update(file, Map.of("processor_kills", 20, "processor_kills_exact", 20,
                "soak_rss_slope_mib_per_hour", 12.25));

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("hostile_records").isIntegralNumber()).as("counts stay integers").isTrue();
        assertThat(json.get("hostile_records").asLong()).isEqualTo(100_000);
        assertThat(json.get("processor_kills").asInt()).isEqualTo(20);
        assertThat(json.get("soak_rss_slope_mib_per_hour").asDouble()).isEqualTo(12.25);
        assertThat(json.has("hostile_rate")).as("only headline keys").isFalse();
        assertThat(Files.readString(file).indexOf("processor_kills"))
                .as("the issue's order, whatever order runs wrote in")
                .isLessThan(Files.readString(file).indexOf("hostile_records"));
    }

    @Test
    void runsAreSelectedByNameInTheDriversOrderAndAnUnknownNameIsRefused() {
        assertThat(Reliability.selected(List.of("hostile", "processor-kills")).stream().map(ReliabilityRun::name))
                .containsExactly("processor-kills", "hostile");
        assertThat(Reliability.selected(List.of("all"))).hasSameSizeAs(Reliability.RUNS);
        assertThatThrownBy(() -> Reliability.selected(List.of("processor-kill")))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("unknown run 'processor-kill'").hasMessageContaining("processor-kills");
    }
}
