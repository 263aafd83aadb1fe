package dev.vigil.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil demo}: a live demo on a local broker; Ctrl-C stops it and removes its data. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a local Kafka broker, create the topics, start Vigil and a simulator, and print a live "
                + "summary. Ctrl-C stops everything and removes the temporary data.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9090",
            description = "HTTP port for /metrics (default ${DEFAULT-VALUE}; a free port is used if it is taken)")
    int port;

    @Option(names = "--rate", defaultValue = "200", description = "simulated events per second (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "simulator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--config", paramLabel = "FILE",
            description = "optional configuration file; the demo overrides only the broker, application id and port")
    Path config;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "0",
            description = "stop by itself after this many seconds (0 = until Ctrl-C)")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        return new Demo(port, rate, seed, config, durationSeconds).run();
    }
}
