package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** observability.logging applied to Logback: the seed block, levels, the off switch. */
class LoggingSetupTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final HttpReceiver loki = HttpReceiver.start();

    @AfterEach
    void restoreTheTestLogging() throws Exception {
        context.reset();
        new ContextInitializer(context).autoConfig();
        SLF4JBridgeHandler.uninstall();
        loki.close();
    }

    private static VigilConfig.Logging logging(String block) {
        return ConfigLoader.fromYaml("observability:\n  logging:\n" + block, Map.of()).observability().logging();
    }

    private Logger root() {
        return context.getLogger(Logger.ROOT_LOGGER_NAME);
    }

    private List<Appender<ILoggingEvent>> appenders() {
        List<Appender<ILoggingEvent>> out = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root().iteratorForAppenders(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private List<JsonNode> pushedLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (HttpReceiver.Request r : loki.requests("/loki/api/v1/push")) {
            for (JsonNode stream : JSON.readTree(r.decodedBody()).get("streams")) {
                for (JsonNode value : stream.get("values")) {
                    lines.add(JSON.readTree(value.get(1).asText()));
                }
            }
        }
        return lines;
    }

    @Test
    void theSeedBlockSendsJsonLinesToLokiAndWarningsToStderr() throws Exception {
        VigilConfig.Logging seed = logging("""
                    enabled: true
                    format: json
                    level: INFO
                    exporter: loki
                    loki_url: "%s"
                """.formatted(loki.url()));
        LoggingSetup.apply(seed, LokiSettings.of(seed.lokiUrl(), "test-host")
                .withBounds(1_000, 100, Duration.ofMillis(100), Duration.ofSeconds(5)));

        assertThat(appenders()).extracting(Appender::getName).containsExactlyInAnyOrder("loki", "stderr");
        assertThat(appenders()).filteredOn(a -> a.getName().equals("stderr")).singleElement()
                .satisfies(a -> assertThat(((ConsoleAppender<ILoggingEvent>) a).getTarget()).isEqualTo("System.err"));
        assertThat(root().getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.vigil").getLevel()).isEqualTo(Level.INFO);
        // The Loki appender's own warnings never go through it: standard error only.
        ch.qos.logback.classic.Logger lokiWarnings = context.getLogger(LokiAppender.class);
        assertThat(lokiWarnings.isAdditive()).isFalse();
        assertThat(lokiWarnings.iteratorForAppenders()).toIterable().extracting(Appender::getName)
                .containsExactly("stderr");

        LoggerFactory.getLogger("dev.vigil.app.Something").info("vigil info");
        LoggerFactory.getLogger("dev.vigil.app.Something").debug("vigil debug");
        LoggerFactory.getLogger("org.apache.kafka.clients.Chatty").info("kafka info");
        LoggerFactory.getLogger("org.apache.kafka.clients.Chatty").warn("kafka warn");
        // java.util.logging (the OpenTelemetry SDK's) is bridged into the same output.
        java.util.logging.Logger.getLogger("io.opentelemetry.exporter.logging.LoggingSpanExporter").info("a span");

        await().atMost(Duration.ofSeconds(10)).until(() -> pushedLines().size() >= 3);
        List<JsonNode> lines = pushedLines();
        assertThat(lines).extracting(l -> l.get("message").asText())
                .containsExactlyInAnyOrder("vigil info", "kafka warn", "a span");
        assertThat(lines).allSatisfy(l -> assertThat(l.has("timestamp") && l.has("level") && l.has("logger")).isTrue());
    }

    @Test
    void stdoutTextIsTheDefault() {
        LoggingSetup.apply(ConfigLoader.defaults().observability().logging());
        assertThat(appenders()).singleElement().satisfies(a -> {
            ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) a;
            assertThat(console.getTarget()).isEqualTo("System.out");
            assertThat(console.getEncoder()).isInstanceOf(PatternLayoutEncoder.class);
        });
    }

    @Test
    void theLevelIsVigilsAndLibrariesStayAtWarnUnlessStricter() {
        LoggingSetup.apply(logging("    level: debug\n"));
        assertThat(context.getLogger("dev.vigil").getLevel()).isEqualTo(Level.DEBUG);
        assertThat(root().getLevel()).isEqualTo(Level.WARN);

        LoggingSetup.apply(logging("    level: ERROR\n"));
        assertThat(context.getLogger("dev.vigil").getLevel()).isEqualTo(Level.ERROR);
        assertThat(root().getLevel()).isEqualTo(Level.ERROR);
    }

    @Test
    void disabledLoggingWritesNothing() {
        LoggingSetup.apply(logging("    enabled: false\n    exporter: loki\n    loki_url: \"" + loki.url() + "\"\n"));
        assertThat(appenders()).isEmpty();
        assertThat(root().getLevel()).isEqualTo(Level.OFF);
        assertThat(LoggerFactory.getLogger("dev.vigil.app.Something").isErrorEnabled()).isFalse();
    }

    @Test
    void forPeopleTheConsoleShowsVigilsLinesAndTheFileEverything(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo.log");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            LoggingSetup.applyForPeople(ConfigLoader.defaults().observability().logging(), file);
            LoggerFactory.getLogger("dev.vigil.demo.Demo").info("vigil info");
            LoggerFactory.getLogger("dev.vigilant.Other").warn("a look-alike library");
            LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient").warn("kafka warn");
            java.util.logging.Logger.getLogger("io.opentelemetry.sdk").warning("jul warn");
            LoggingSetup.stop();
        } finally {
            System.setOut(saved);
        }
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("vigil info")
                .doesNotContain("kafka warn", "a look-alike library", "jul warn", "WARN");
        assertThat(Files.readString(file)).contains("vigil info", "kafka warn", "a look-alike library", "jul warn");
    }
}
