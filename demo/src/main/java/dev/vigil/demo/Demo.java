package dev.vigil.demo;

import dev.vigil.alerting.DefaultRules;
import dev.vigil.app.VigilApp;
import dev.vigil.app.telemetry.LoggingSetup;
import dev.vigil.app.alerts.AlertTail;
import dev.vigil.app.kafka.LagProbe;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import dev.vigil.testkit.KafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live demo: a local KRaft broker (child JVM), the topics, Vigil, and a simulator publishing
 * at a modest rate; prints the URLs and a one-line summary every few seconds. Everything lives in
 * one temporary directory, removed on exit.
 */
public final class Demo {
    private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
    private static final Duration SUMMARY_EVERY = Duration.ofSeconds(5);
    private static final int INPUT_PARTITIONS = 3;

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
        Path home = Files.createTempDirectory("vigil-demo-");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                cleanedUp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vigil-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        out.println("Starting a local Kafka broker (KRaft, single node)...");
        KafkaBroker broker = null;
        VigilApp app = null;
        Simulator simulator = new Simulator();
        Thread simulatorThread = null;
        AlertTail alertTail = null;
        Thread alertThread = null;
        try {
            broker = KafkaBroker.start(KafkaBroker.Options.defaults().withDataDir(home.resolve("broker")));
            VigilConfig config = config(broker.bootstrapServers(), home);
            LoggingSetup.apply(config.observability().logging());
            // Room for the simulator's oversize records, which must reach Vigil to be dead-lettered.
            long inputMaxBytes = 2 * config.topics().maxEventBytes();
            broker.createTopic(config.topics().input(), INPUT_PARTITIONS,
                    Map.of("max.message.bytes", Long.toString(inputMaxBytes)));

            out.println("Starting Vigil...");
            app = VigilApp.start(config);
            alertTail = new AlertTail(Map.of("bootstrap.servers", broker.bootstrapServers()), config.topics().alerts(),
                    true, out);
            AlertTail tail = alertTail;
            alertThread = new Thread(tail::run, "vigil-demo-alerts");
            alertThread.setDaemon(true);
            alertThread.start();
            String base = "http://localhost:" + app.httpPort();

            SimulatorOptions simOptions = SimulatorOptions.defaults(broker.bootstrapServers())
                    .withTopic(config.topics().input()).withSeed(seed).withEvents(0).withRatePerSecond(rate)
                    .withStart(Instant.now()).withMaxEventBytes(config.topics().maxEventBytes());
            simulatorThread = new Thread(() -> {
                try {
                    simulator.run(simOptions, p -> { });
                } catch (RuntimeException e) {
                    LOG.error("The simulator stopped", e);
                }
            }, "vigil-demo-simulator");
            simulatorThread.setDaemon(true);
            simulatorThread.start();

            out.println();
            out.println("Vigil demo is running.");
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

            summarise(app, broker, config, stop);
            return 0;
        } finally {
            out.println("Stopping...");
            simulator.stop();
            if (simulatorThread != null) {
                simulatorThread.join(10_000);
            }
            if (alertTail != null) {
                alertTail.close();
                alertThread.join(5_000);
            }
            if (app != null) {
                app.close();
            }
            if (broker != null) {
                broker.close();
            }
            deleteRecursively(home);
            out.println("Stopped; temporary data removed.");
            cleanedUp.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for cleanedUp.
            }
        }
    }

    /**
     * The user's configuration (or defaults) pointed at the local broker, a demo id and a usable
     * port, with the default alert rules when it has none.
     */
    private VigilConfig config(String bootstrap, Path home) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("VIGIL_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("VIGIL_KAFKA_APPLICATION_ID", "vigil-demo");
        env.put("VIGIL_OBSERVABILITY_METRICS_PROMETHEUS_PORT", Integer.toString(isFree(port) ? port : 0));
        env.put("VIGIL_KAFKA_PROPERTIES_STATE_DIR", home.resolve("state").toString());
        VigilConfig config;
        try {
            config = ConfigLoader.load(configFile, env);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!config.alerts().rules().isEmpty()) {
            return config;
        }
        // No rules of the user's: the default rule set, so the demo shows alerts.
        return new VigilConfig(config.kafka(), config.topics(), config.aggregates(),
                new VigilConfig.Alerts(DefaultRules.raw()), config.observability());
    }

    private void summarise(VigilApp app, KafkaBroker broker, VigilConfig config, CountDownLatch stop)
            throws InterruptedException {
        long deadline = durationSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
        try (Admin admin = broker.createAdmin()) {
            LagProbe lag = new LagProbe(admin, config.kafka().applicationId(), config.topics().input());
            while (!stop.await(SUMMARY_EVERY.toMillis(), TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                Map<String, Long> counts = app.selfMetricCounts();
                out.printf("%s  %-8s accepted %,9d   duplicate %,7d   invalid %,7d   lag %s%n",
                        java.time.LocalTime.now().withNano(0), app.state(),
                        sum(counts, "|accepted"), sum(counts, "|duplicate"), sum(counts, "|invalid"), lag(lag));
                if (app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR) {
                    out.println("Kafka Streams failed; see the log above.");
                    return;
                }
            }
        }
    }

    private static long sum(Map<String, Long> counts, String outcomeSuffix) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith("events|") && e.getKey().endsWith(outcomeSuffix))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static String lag(LagProbe probe) {
        try {
            return String.format("%,d", probe.totalLag());
        } catch (Exception e) {
            return "?";
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("0.0.0.0", port));
            return true;
        } catch (IOException e) {
            return false;
        }
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
