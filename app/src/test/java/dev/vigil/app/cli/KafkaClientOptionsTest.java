package dev.vigil.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.Main;
import dev.vigil.app.kafka.ClientProperties;
import dev.vigil.config.VigilConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code vigil simulate} and {@code vigil alerts tail} find their cluster: --bootstrap or --config. */
class KafkaClientOptionsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
    }

    private Path securedConfig() throws Exception {
        return Files.writeString(dir.resolve("vigil.yaml"), """
                kafka:
                  bootstrap_servers: "broker:9093"
                  properties:
                    security.protocol: SASL_SSL
                    sasl.mechanism: SCRAM-SHA-512
                    state.dir: /var/lib/vigil
                """);
    }

    @Test
    void theConfigurationsKafkaSectionIsTheClientsConnection() throws Exception {
        KafkaClientOptions options = new KafkaClientOptions();
        options.config = securedConfig();

        VigilConfig config = options.load(Main.commandLine());
        Map<String, Object> props = options.properties(config, ClientProperties::consumer);

        assertThat(props).containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKey("state.dir");
    }

    @Test
    void bootstrapWinsOverTheConfigurationsServers() throws Exception {
        KafkaClientOptions options = new KafkaClientOptions();
        options.config = securedConfig();
        options.bootstrap = "other:9093";

        Map<String, Object> props = options.properties(options.load(Main.commandLine()), ClientProperties::producer);

        assertThat(props).containsEntry("bootstrap.servers", "other:9093")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void bootstrapAloneConnectsWithoutSecuritySettings() {
        KafkaClientOptions options = new KafkaClientOptions();
        options.bootstrap = "localhost:9092";

        assertThat(options.properties(options.load(Main.commandLine()), ClientProperties::producer))
                .containsExactly(Map.entry("bootstrap.servers", "localhost:9092"));
    }

    @Test
    void neitherBootstrapNorConfigIsAUsageError() {
        assertThat(Main.commandLine().execute("simulate", "--events", "1")).isEqualTo(2);
        assertThat(Main.commandLine().execute("alerts", "tail")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Give --bootstrap or --config");
    }

    @Test
    void aBadConfigurationStopsTheCommandNamingTheKey() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "kafka:\n  bootstrap_server: x:9092\n");

        assertThat(Main.commandLine().execute("alerts", "tail", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("kafka.bootstrap_server");
    }
}
