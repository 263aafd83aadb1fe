package dev.vigil.app.cli;

import dev.vigil.alerting.RuleException;
import dev.vigil.app.VigilApp;
import dev.vigil.app.telemetry.LoggingSetup;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil run --config FILE}: the processor against any Kafka cluster, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the Vigil processor against a Kafka cluster until SIGTERM/Ctrl-C.")
public final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "YAML configuration (every key has a default; VIGIL_<PATH> env vars override)")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        VigilConfig cfg;
        try {
            cfg = ConfigLoader.load(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        LoggingSetup.apply(cfg.observability().logging());
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
