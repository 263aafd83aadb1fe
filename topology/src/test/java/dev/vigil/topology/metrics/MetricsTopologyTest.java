package dev.vigil.topology.metrics;

import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.metrics.Events.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Base of the per-metric scrape tests: a Vigil topology on TopologyTestDriver with the default
 * configuration, or the one {@link #configure(String)} sets before the first event.
 */
abstract class MetricsTopologyTest {
    /**
     * The whole suite runs twice (topology/pom.xml): as configured by default, and with
     * {@code topics.input_keyed_by_entity: true} (no events-by-entity repartition; record timestamps
     * unlike event times, see {@link Events#PRODUCER_CLOCK}). Every metric must come out the same.
     */
    static final boolean KEYED_BY_ENTITY = Boolean.getBoolean("vigil.test.inputKeyedByEntity");

    private static final Map<String, String> MODE = KEYED_BY_ENTITY
            ? Map.of("VIGIL_TOPICS_INPUT_KEYED_BY_ENTITY", "true") : Map.of();

    @TempDir(factory = RamTempDir.class)
    Path stateDir;

    private VigilConfig config = ConfigLoader.fromYaml("", MODE);
    private VigilDriver vigil;

    /** Uses the defaults overridden by this YAML; call before sending anything. */
    void configure(String yaml) {
        if (vigil != null) {
            throw new IllegalStateException("configure before the first event");
        }
        config = ConfigLoader.fromYaml(yaml, MODE);
    }

    VigilDriver vigil() {
        if (vigil == null) {
            vigil = new VigilDriver(config, stateDir);
        }
        return vigil;
    }

    void send(Event... events) {
        vigil().send(events);
    }

    void sendStructured(Event... events) {
        vigil().sendStructured(events);
    }

    void pipe(TestRecord<byte[], byte[]> record) {
        vigil().pipe(record);
    }

    RenderedMetrics scrape() {
        return vigil().scrape();
    }

    @AfterEach
    void closeDriver() {
        if (vigil != null) {
            vigil.close();
        }
    }

    /**
     * State directories in memory where the machine has {@code /dev/shm}: every test opens a dozen
     * RocksDB stores, which is about twice as fast there; elsewhere the default temporary directory.
     */
    static final class RamTempDir implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws Exception {
            Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) && Files.isWritable(shm)
                    ? Files.createTempDirectory(shm, "vigil-metrics-")
                    : Files.createTempDirectory("vigil-metrics-");
        }
    }
}
