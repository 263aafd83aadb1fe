package dev.vigil.app.cli;

import dev.vigil.app.kafka.ClientProperties;
import dev.vigil.config.ConfigException;
import dev.vigil.config.VigilConfig;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil simulate}: publishes a seeded, realistic event mix and writes the ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Publish a seeded, realistic mix of every event type (both content modes, exact duplicates, "
                + "out-of-order status changes, bad records of every dead-letter reason) and write the exact "
                + "counts Vigil must report."})
public final class SimulateCommand implements Callable<Integer> {
    @Mixin
    KafkaClientOptions kafka;

    @Spec
    CommandSpec spec;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "input topic (default: topics.input of --config, else agent-events)")
    String topic;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--events", required = true, paramLabel = "N", description = "records to publish; 0 = until Ctrl-C")
    long events;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "R",
            description = "records per second; 0 = as fast as possible (default)")
    double rate;

    @Option(names = "--start", defaultValue = "now", paramLabel = "TIME",
            description = {"start of the simulated clock: 'now' (default) or an RFC 3339 time. With a fixed start the "
                    + "same seed gives byte-identical records; with 'now' only the times shift."})
    String start;

    @Option(names = "--truth", paramLabel = "FILE", description = "write the ground truth as JSON here")
    Path truth;

    @Override
    public Integer call() throws IOException {
        VigilConfig config;
        try {
            config = kafka.load(spec.commandLine());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Map<String, String> producer = new HashMap<>();
        kafka.properties(config, ClientProperties::producer).forEach((k, v) -> producer.put(k, String.valueOf(v)));
        String servers = producer.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        String inputTopic = topic != null ? topic
                : config != null ? config.topics().input() : SimulatorOptions.DEFAULT_TOPIC;
        Instant startTime = "now".equals(start) ? Instant.now() : Instant.parse(start);
        SimulatorOptions options = SimulatorOptions.defaults(servers).withTopic(inputTopic).withSeed(seed)
                .withEvents(events).withRatePerSecond(rate).withStart(startTime).withProducerProperties(producer);
        try (Simulator simulator = new Simulator()) {
            // Ctrl-C stops publishing; what was acknowledged is still written to the truth file.
            Thread main = Thread.currentThread();
            Thread hook = new Thread(() -> {
                simulator.stop();
                try {
                    main.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vigil-simulate-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            GroundTruth result = simulator.run(options, p -> System.err.printf("sent %,d  acknowledged %,d  %.0f/s%n",
                    p.sent(), p.acknowledged(), p.ratePerSecond()));
            if (truth != null) {
                result.write(truth);
                System.err.println("ground truth written to " + truth);
            }
            System.out.println(result.toJson());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C arrived: the hook is already running and waits for us.
            }
            return 0;
        }
    }
}
