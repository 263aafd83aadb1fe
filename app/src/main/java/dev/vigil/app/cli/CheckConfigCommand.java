package dev.vigil.app.cli;

import dev.vigil.alerting.RuleException;
import dev.vigil.app.telemetry.TelemetryTargets;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.ConfigRenderer;
import dev.vigil.config.VigilConfig;
import dev.vigil.topology.TopologySettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil check-config FILE}: validates a configuration and prints the effective one, then where
 * Vigil's own telemetry will go. That part is YAML comments, so the output still loads as a
 * configuration.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate a configuration file (with VIGIL_* overrides) and its alert rules, and print the "
                + "effective configuration.")
public final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the YAML configuration file")
    Path file;

    @Override
    public Integer call() {
        try {
            VigilConfig config = ConfigLoader.load(file, System.getenv());
            // The alert rules, validated as vigil run validates them at start-up.
            TopologySettings.from(config);
            System.out.print(ConfigRenderer.toYamlHidingSecrets(config));
            System.out.println("# Where Vigil's own telemetry goes (observability):");
            TelemetryTargets.describe(config.observability()).forEach(line -> System.out.println("#   " + line));
            return 0;
        } catch (ConfigException | RuleException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
