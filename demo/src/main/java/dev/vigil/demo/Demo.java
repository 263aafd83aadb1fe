package dev.vigil.demo;

import dev.vigil.app.VigilApp;
import dev.vigil.app.alerts.AlertTail;
import dev.vigil.app.telemetry.LoggingSetup;
import dev.vigil.config.VigilConfig;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import dev.vigil.testkit.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live demo: a local KRaft broker (child JVM), the topics, Vigil, and a simulator publishing
 * at a modest rate; prints the URLs and a one-line summary every few seconds. Everything but the
 * log file lives in one temporary directory, removed on exit.
 *
 * <p>Stopping (Ctrl-C, SIGTERM or the end of {@code --duration}) goes through one
 * {@link ShutdownSequence}: the summary and the simulator, then the alert tail and Vigil (Kafka
 * Streams closed, state flushed), then the broker, then the temporary data.
 *
 * <p>The console is for a person: Vigil's own lines and the summary. Every log line, libraries'
 * warnings included, goes to a log file whose path the demo prints, and which it keeps.
 */
public final class Demo {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final int INPUT_PARTITIONS = 3;
    private static final long SIMULATOR_JOIN_MILLIS = 10_000;
    private static final long ALERT_TAIL_JOIN_MILLIS = 5_000;

    private final int port;
    private final double rate;
    private final long seed;
    private final Path configFile;
    private final long durationSeconds;
    private final PrintStream out = System.out;

    public Demo(int port, double rate, long seed, Path configFile, long durationSeconds) {
        this.port = port;
        this.rate = rate;
        this.seed = seed;
        this.configFile = configFile;
        this.durationSeconds = durationSeconds;
    }

    public int run() throws Exception {
        // The page first: what a person wants to open while the rest starts.
        int httpPort = DemoConfig.choosePort(port);
        if (httpPort > 0) {
            out.println("Status page: http://localhost:" + httpPort + "/");
        }
        Path home = Files.createTempDirectory("vigil-demo-");
        Path logFile = Files.createTempFile("vigil-demo-", ".log");
        ShutdownSequence shutdown = new ShutdownSequence();
        // Added first, so it runs last: nothing may still write there. It prints the last line
        // itself: after Ctrl-C the JVM exits when the hook is done, whatever the main thread does.
        shutdown.add("the temporary data", () -> {
            deleteRecursively(home);
            out.println("Stopped; temporary data removed. Logs: " + logFile);
        });
        shutdown.installHook();
        try {
            // Validates the file and applies its logging before anything starts.
            VigilConfig early = DemoConfig.load(configFile, httpPort, home, null);
            LoggingSetup.applyForPeople(early.observability().logging(), logFile);
            out.println("Logs, Kafka's included, go to " + logFile + " (kept after the demo stops).");

            out.println("Starting a local Kafka broker (KRaft, single node)...");
            // No hook of the broker's own: the sequence stops it after its clients.
            KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                    .withDataDir(home.resolve("broker")).withoutJvmShutdownHook());
            shutdown.add("the Kafka broker", broker::close);
            VigilConfig config = DemoConfig.load(configFile, httpPort, home, broker.bootstrapServers());
            // Room for the simulator's oversize records, which must reach Vigil to be dead-lettered.
            long inputMaxBytes = 2 * config.topics().maxEventBytes();
            broker.createTopic(config.topics().input(), INPUT_PARTITIONS,
                    Map.of("max.message.bytes", Long.toString(inputMaxBytes)));

            out.println("Starting Vigil...");
            VigilApp app = VigilApp.start(config);
            shutdown.add("Vigil (Kafka Streams)", app::close);
            startAlertTail(broker, config, shutdown);
            startSimulator(broker, config, shutdown);
            printBanner(broker, config, app);

            Summary summary = Summary.start(app, broker.createAdmin(), config.kafka().applicationId(),
                    config.topics().input(), out, shutdown::requestStop);
            shutdown.add("the summary", summary::close);
            if (durationSeconds > 0) {
                shutdown.awaitStopRequest(Duration.ofSeconds(durationSeconds));
            } else {
                shutdown.awaitStopRequest();
            }
            return app.state() == KafkaStreams.State.ERROR ? 1 : 0;
        } finally {
            // The end of --duration or a failure; after Ctrl-C this waits for the hook's run.
            shutdown.run();
            shutdown.removeHook();
        }
    }

    private void startAlertTail(KafkaBroker broker, VigilConfig config, ShutdownSequence shutdown) {
        AlertTail tail = new AlertTail(Map.of("bootstrap.servers", broker.bootstrapServers()), config.topics().alerts(),
                true, out);
        Thread thread = new Thread(tail::run, "vigil-demo-alerts");
        thread.setDaemon(true);
        thread.start();
        shutdown.add("the alert tail", () -> {
            tail.close();
            thread.join(ALERT_TAIL_JOIN_MILLIS);
        });
    }

    private void startSimulator(KafkaBroker broker, VigilConfig config, ShutdownSequence shutdown) {
        Simulator simulator = new Simulator();
        SimulatorOptions options = SimulatorOptions.defaults(broker.bootstrapServers())
                .withTopic(config.topics().input()).withSeed(seed).withEvents(0).withRatePerSecond(rate)
                .withStart(Instant.now()).withMaxEventBytes(config.topics().maxEventBytes());
        Thread thread = new Thread(() -> {
            try {
                simulator.run(options, p -> { });
            } catch (RuntimeException e) {
                LOG.error("The simulator stopped", e);
            }
        }, "vigil-demo-simulator");
        thread.setDaemon(true);
        thread.start();
        shutdown.add("the simulator", () -> {
            simulator.stop();
            thread.join(SIMULATOR_JOIN_MILLIS);
        });
    }

    private void printBanner(KafkaBroker broker, VigilConfig config, VigilApp app) {
        String base = "http://localhost:" + app.httpPort();
        out.println();
        out.println("Vigil demo is running.");
        out.println("  status page " + base + "/");
        out.println("  metrics     " + base + "/metrics");
        out.println("  health      " + base + "/healthz   readiness " + base + "/readyz");
        out.println("  kafka       " + broker.bootstrapServers() + "   topics " + config.topics().input() + ", "
                + config.topics().dlq() + ", " + config.topics().alerts());
        out.println("  simulator   " + rate + " events/s, seed " + seed);
        out.println("  alerts      " + config.alerts().rules().size() + " rules; alert events print below as they arrive"
                + " (or: ./vigil alerts tail --bootstrap " + broker.bootstrapServers() + ")");
        out.println("  try         curl -s " + base + "/metrics | grep ^vigil_events_total");
        out.println("Press Ctrl-C to stop.");
        out.println();
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not remove {} entirely: {}", dir, e.getMessage());
        }
    }
}
