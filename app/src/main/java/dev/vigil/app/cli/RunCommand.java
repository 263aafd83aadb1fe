package dev.vigil.app.cli;

import dev.vigil.alerting.RuleException;
import dev.vigil.app.VigilApp;
import dev.vigil.app.telemetry.LoggingSetup;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil run --config FILE}: the processor against any Kafka cluster, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Vigil processor against a Kafka cluster until SIGTERM/Ctrl-C.")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration (every key has a default; VIGIL_<PATH> env vars override)")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.loadReporting(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        VigilConfig cfg = loaded.config();
        LoggingSetup.apply(cfg.observability().logging());
        if (!loaded.ignoredEnv().isEmpty()) {
            // Not fatal (Kubernetes and launchers set VIGIL_ variables of their own), but a typo must show.
            LOG.warn("Ignored VIGIL_ variables that name no configuration key: {}", loaded.ignoredEnv().stream()
                    .map(ConfigLoader.IgnoredVariable::toString).collect(Collectors.joining(", ")));
        }
        VigilApp app;
        try {
            app = VigilApp.start(cfg);
        } catch (RuleException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        // SIGTERM and Ctrl-C run shutdown hooks: close Kafka Streams cleanly (commit, release tasks).
        Thread hook = new Thread(() -> {
            app.close();
            LoggingSetup.stop();
        }, "vigil-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        app.awaitTermination();
        return app.state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
    }
}
