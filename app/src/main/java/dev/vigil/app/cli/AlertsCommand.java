package dev.vigil.app.cli;

import dev.vigil.app.alerts.AlertTail;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil alerts ...}: what a subscriber of the alerts topic does. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Work with Vigil's alert events.",
        subcommands = AlertsCommand.Tail.class)
public final class AlertsCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** {@code vigil alerts tail --bootstrap HOST:PORT}: follow the alerts topic and print alerts readably. */
    @Command(name = "tail", mixinStandardHelpOptions = true,
            description = "Follow the alerts topic (read_committed) and print each alert on one line, until Ctrl-C.")
    static final class Tail implements Callable<Integer> {
        @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
        String bootstrap;

        @Option(names = "--topic", defaultValue = "agent-alerts", description = "alerts topic (default: ${DEFAULT-VALUE})")
        String topic;

        @Option(names = "--from-beginning", description = "print the topic's history first")
        boolean fromBeginning;

        @Override
        public Integer call() {
            AlertTail tail = new AlertTail(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic,
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
