package dev.vigil.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module's promises about itself: plain Java, no Kafka, no console output. */
class ModuleBoundariesTest {

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void noKafkaNoSerdesInternalsNoSystemOut() throws IOException {
        List<Path> sources = mainSources();
        assertThat(sources).isNotEmpty();
        for (Path p : sources) {
            String text = Files.readString(p);
            assertThat(text).as(p.toString())
                    .doesNotContain("org.apache.kafka")
                    .doesNotContain("System.out")
                    .doesNotContain("System.err")
                    .doesNotContain("printStackTrace");
            // Of serdes, only the typed events and the plain-Java byte primitives (no Kafka, no Jackson).
            assertThat(text.lines().filter(l -> l.startsWith("import dev.vigil.serdes.")))
                    .as(p.toString()).allMatch(l -> l.startsWith("import dev.vigil.serdes.event.")
                            || l.startsWith("import dev.vigil.serdes.binary."));
        }
    }
}
