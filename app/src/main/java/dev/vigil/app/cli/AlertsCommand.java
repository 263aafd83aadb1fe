package dev.vigil.app.cli;

import dev.vigil.app.alerts.AlertTail;
import dev.vigil.app.kafka.ClientProperties;
import dev.vigil.config.ConfigException;
import dev.vigil.config.VigilConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil alerts ...}: what a subscriber of the alerts topic does. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Work with Vigil's alert events.",
        subcommands = AlertsCommand.Tail.class)
public final class AlertsCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * {@code vigil alerts tail --bootstrap HOST:PORT} or {@code --config FILE}: follow the alerts topic and
     * print alerts readably.
     */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Follow the alerts topic (read_committed) and print each alert on one line, until Ctrl-C.")
    static final class Tail implements Callable<Integer> {
        @Mixin
        KafkaClientOptions kafka;

        @Spec
        CommandSpec spec;

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "alerts topic (default: topics.alerts of --config, else agent-alerts)")
        String topic;

        @Option(names = "--from-beginning", description = "print the topic's history first")
        boolean fromBeginning;

        @Override
        public Integer call() {
            VigilConfig config;
            try {
                config = kafka.load(spec.commandLine());
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            String alertsTopic = topic != null ? topic : config != null ? config.topics().alerts() : "agent-alerts";
            AlertTail tail = new AlertTail(kafka.properties(config, ClientProperties::consumer), alertsTopic,
                    fromBeginning, System.out);
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                tail.close();
                try {
                    main.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "vigil-alerts-tail-stop"));
            tail.run();
            return 0;
        }
    }
}
