package dev.vigil.demo;

import dev.vigil.app.Main;
import picocli.CommandLine;

/**
 * The entry point of {@code vigil-demo.jar}: the {@code vigil} command line with the {@code demo}
 * subcommand added. It lives here, not in the app's {@link Main}, because the demo needs a broker
 * (the testkit, with Kafka's server and Scala) that the runtime jar must not carry.
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Every {@code vigil} command, {@code demo} included. */
    public static CommandLine commandLine() {
        return Main.commandLine().addSubcommand(new DemoCommand());
    }
}
