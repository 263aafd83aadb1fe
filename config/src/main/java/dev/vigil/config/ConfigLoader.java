package dev.vigil.config;

import dev.vigil.config.Tree.MapNode;
import dev.vigil.config.Tree.Node;
import dev.vigil.config.Tree.YamlSyntaxException;
import dev.vigil.config.VigilConfig.Aggregates;
import dev.vigil.config.VigilConfig.Alerts;
import dev.vigil.config.VigilConfig.Buckets;
import dev.vigil.config.VigilConfig.Kafka;
import dev.vigil.config.VigilConfig.Logging;
import dev.vigil.config.VigilConfig.Metrics;
import dev.vigil.config.VigilConfig.ModelPrice;
import dev.vigil.config.VigilConfig.Observability;
import dev.vigil.config.VigilConfig.Pool;
import dev.vigil.config.VigilConfig.ProcessingGuarantee;
import dev.vigil.config.VigilConfig.Topics;
import dev.vigil.config.VigilConfig.Tracing;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@link VigilConfig} from YAML plus {@code VIGIL_<PATH>} environment overrides.
 *
 * <p>Order: the defaults ({@link #defaults()}), then the OpenTelemetry SDK's standard {@code OTEL_*} variables
 * ({@link OtelEnvironment}: {@code observability.tracing} only), then the file (sections merge key by key; scalars, lists and the
 * maps {@code pools}, {@code model_prices}, {@code kafka.properties} replace the default whole), then the
 * environment (see {@link EnvOverrides}: one key or one map entry per variable). Every problem found on the way
 * (YAML that does not parse aside) is collected and reported at once in a {@link ConfigException}: the first line
 * names the file, then one problem per line, each naming the full key path. A {@code VIGIL_} variable that names no
 * key is not a problem: it is ignored, and {@link #loadReporting} says which ones were.
 */
public final class ConfigLoader {
    /** Environment variables that start with this override configuration keys. */
    public static final String ENV_PREFIX = "VIGIL_";

    /**
     * {@code VIGIL_} variables that are not configuration keys (for the launcher scripts) and are therefore not
     * reported as ignored: {@code VIGIL_HOME}, {@code VIGIL_OPTS}. (Kubernetes' service-link variables are not
     * reported either; they are recognised by their shape, see {@link EnvOverrides}.)
     */
    public static final Set<String> NON_CONFIG_ENV = Set.of("VIGIL_HOME", "VIGIL_OPTS");

    /**
     * A {@code VIGIL_} variable that names no configuration key and was therefore ignored.
     *
     * @param name the variable's name
     * @param hint what it probably meant ({@code did you mean VIGIL_AGGREGATES_GRACE?}), or null
     */
    public record IgnoredVariable(String name, String hint) {
        /** {@code VIGIL_AGGREGATES_GRASE (did you mean VIGIL_AGGREGATES_GRACE?)}. */
        @Override
        public String toString() {
            return hint == null ? name : name + " (" + hint + ")";
        }
    }

    /**
     * A loaded configuration and the {@code VIGIL_} variables that were ignored on the way.
     *
     * @param ignoredEnv sorted by name; empty when every {@code VIGIL_} variable named a key
     */
    public record Loaded(VigilConfig config, List<IgnoredVariable> ignoredEnv) {
        public Loaded {
            ignoredEnv = List.copyOf(ignoredEnv);
        }
    }

    private ConfigLoader() {
    }

    /** Every key defaulted (documented in {@code vigil.example.yaml} at the repository root). */
    public static VigilConfig defaults() {
        return new VigilConfig(
                new Kafka("localhost:9092", "vigil", ProcessingGuarantee.EXACTLY_ONCE_V2, Map.of(),
                        new VigilConfig.RocksDb(null, null)),
                new Topics("agent-events", "agent-alerts", "agent-events-dlq", 1_048_576, false),
                new Aggregates(Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(5),
                        List.of(Duration.ofMinutes(5), Duration.ofHours(1)), "browser", 2000,
                        Map.of("browser", new Pool(20)),
                        Map.of(),
                        new Buckets(
                                List.of(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0,
                                        1800.0, 3600.0),
                                // OpenTelemetry GenAI client operation duration: 0.01 doubling to 81.92.
                                List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
                                        40.96, 81.92),
                                // USD per task: a tenth of a cent to 100 dollars, 1-2.5-5 steps.
                                List.of(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
                                        25.0, 50.0, 100.0))),
                new Alerts(List.of(), VigilConfig.Alertmanager.OFF, null),
                new Observability(
                        new Tracing(false, "none", null, null, 1.0, null, Tracing.PARENT_BASED,
                                Tracing.DEFAULT_SERVICE_NAME, Map.of(), Map.of()),
                        new Metrics(true, "prometheus", 9090, false),
                        new Logging(true, "text", "INFO", "stdout", null, VigilConfig.LokiAccess.NONE)),
                VigilConfig.Http.DEFAULTS);
    }

    /** {@link #load(Path, Map)} with the process environment. */
    public static VigilConfig load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * @param file the YAML file, or null for defaults only
     * @param env  the environment (System.getenv() in production)
     * @throws ConfigException naming the key, for unknown keys and bad values
     */
    public static VigilConfig load(Path file, Map<String, String> env) {
        return loadReporting(file, env).config();
    }

    /**
     * {@link #load(Path, Map)}, also saying which {@code VIGIL_} variables named no key and were ignored (for
     * {@code check-config} and the start-up log).
     */
    public static Loaded loadReporting(Path file, Map<String, String> env) {
        if (file == null) {
            return load("defaults and environment", null, env);
        }
        String source = file.toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(source, reader, env);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + ": configuration file not found");
        } catch (IOException e) {
            throw new ConfigException(source + ": cannot read the configuration file: " + e, e);
        }
    }

    /**
     * YAML given as a string (tests, embedded configurations).
     *
     * @param yaml the document; empty means defaults
     */
    public static VigilConfig fromYaml(String yaml, Map<String, String> env) {
        return fromYamlReporting(yaml, env).config();
    }

    /** {@link #fromYaml}, also saying which {@code VIGIL_} variables were ignored. */
    public static Loaded fromYamlReporting(String yaml, Map<String, String> env) {
        return load("YAML text", new StringReader(yaml), env);
    }

    private static Loaded load(String source, Reader reader, Map<String, String> env) {
        List<String> errors = new ArrayList<>();
        MapNode tree = (MapNode) Tree.fromJava(ConfigRenderer.toMap(defaults()));
        // Below the file: a key the file or a VIGIL_ variable sets wins over the OTEL_ variable.
        OtelEnvironment.apply(tree, env, errors);
        if (reader != null) {
            Node root;
            try {
                root = Tree.parse(reader, errors);
            } catch (YamlSyntaxException e) {
                throw new ConfigException(source + ": " + e.getMessage());
            }
            if (root instanceof MapNode map) {
                tree = Merge.merge(tree, map, errors);
            } else if (root != null && !(root instanceof Tree.ScalarNode s && s.kind() == Tree.Kind.NULL)) {
                errors.add(Binder.at(root) + "the file must be a mapping of sections (kafka, topics, aggregates, "
                        + "alerts, observability, http), not " + root.shape());
            }
        }
        List<IgnoredVariable> ignored = new ArrayList<>();
        EnvOverrides.apply(tree, env, errors, ignored);
        VigilConfig config = new Binder(errors).bind(tree);
        if (!errors.isEmpty()) {
            StringBuilder message = new StringBuilder("invalid configuration (").append(source).append("): ")
                    .append(errors.size()).append(errors.size() == 1 ? " problem" : " problems");
            for (String error : errors) {
                message.append("\n  ").append(error);
            }
            throw new ConfigException(message.toString(), errors);
        }
        return new Loaded(config, ignored);
    }
}
