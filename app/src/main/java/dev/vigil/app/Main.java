package dev.vigil.app;

import dev.vigil.app.cli.AlertsCommand;
import dev.vigil.app.cli.CheckConfigCommand;
import dev.vigil.app.cli.PricesCommand;
import dev.vigil.app.cli.RunCommand;
import dev.vigil.app.cli.SimulateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line. Lifecycle only: each subcommand does one job. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Streaming observability for AI-agent platforms: CloudEvents in Kafka -> exact "
                + "metrics and alerts.",
        // The runtime jar has no broker, so no demo; say where it is rather than leave users guessing.
        footer = {"", "The live demo (local broker + Vigil + simulator) is `./vigil demo`, from its own jar "
                + "demo/target/vigil-demo.jar."},
        subcommands = {RunCommand.class, SimulateCommand.class, CheckConfigCommand.class,
                AlertsCommand.class, PricesCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with Vigil's error handling, also used by tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }
}
