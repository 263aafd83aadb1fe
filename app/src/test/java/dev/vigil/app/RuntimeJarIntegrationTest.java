package dev.vigil.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The runtime jar (app/target/vigil.jar: what {@code vigil run} and the Docker image run) carries no
 * broker: no Kafka server (kafka_2.13), no Scala library, no kafka-tools, no testkit. Those belong to
 * the demo's jar; a dependency that drags them back in fails the build here.
 *
 * <p>An integration test (failsafe) because it reads the shaded jar, which exists only after the
 * package phase.
 */
class RuntimeJarIntegrationTest {
    private static final Path JAR = Path.of("target", "vigil.jar");
    private static final List<String> FORBIDDEN = List.of(
            "kafka/server/",              // kafka_2.13: the broker
            "scala/",                     // the Scala library the broker needs
            "org/apache/kafka/tools/",    // kafka-tools (the storage formatter the testkit runs)
            "dev/vigil/testkit/");        // the testkit itself

    @Test
    void containsTheApplicationButNoBroker() throws IOException {
        assertThat(JAR).as("the shaded jar, built in the package phase").exists();
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        // What must be there, so that an empty or wrong jar cannot pass.
        assertThat(entries).contains("dev/vigil/app/Main.class",
                "org/apache/kafka/streams/KafkaStreams.class", "dev/vigil/simulator/Simulator.class");
        for (String prefix : FORBIDDEN) {
            assertThat(entries).as("entries under %s", prefix).noneMatch(e -> e.startsWith(prefix));
        }
        // Noted in the README's layout section; a jump means something heavy came in.
        assertThat(Files.size(JAR)).as("jar size in bytes").isLessThan(125L * 1024 * 1024);
    }
}
