package dev.vigil.app.cli;

import dev.vigil.alerting.RuleException;
import dev.vigil.app.http.security.HttpSecurity;
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
            ConfigLoader.Loaded loaded = ConfigLoader.loadReporting(file, System.getenv());
            VigilConfig config = loaded.config();
            // The alert rules, validated as vigil run validates them at start-up.
            TopologySettings.from(config);
            // The web configuration's certificates, keys and secrets, read as vigil run reads them.
            HttpSecurity http = HttpSecurity.fromConfig(config.http());
            System.out.print(ConfigRenderer.toYamlHidingSecrets(config));
            System.out.println("# Where Vigil's own telemetry goes (observability):");
            TelemetryTargets.describe(config.observability()).forEach(line -> System.out.println("#   " + line));
            System.out.println("# HTTP endpoints (http): " + http.description());
            // Warnings, not errors: vigil run starts with them too. On stderr, so stdout stays a configuration.
            for (ConfigLoader.IgnoredVariable ignored : loaded.ignoredEnv()) {
                System.err.println("warning: " + ignored.name() + " is ignored: it names no configuration key"
                        + (ignored.hint() == null ? "" : " (" + ignored.hint() + ")"));
            }
            return 0;
        } catch (ConfigException | RuleException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
