package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.RuleConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The rule file shipped with Vigil ({@value #RESOURCE}): an {@code alerts: rules:} document, loadable
 * as it is with {@code --config}, and what {@code vigil demo} runs with.
 */
public final class DefaultRules {
    /** The class-path resource of the default rule file. */
    public static final String RESOURCE = "vigil/default-rules.yaml";

    private DefaultRules() {
    }

    /** The file's text. */
    public static String yaml() {
        try (InputStream in = DefaultRules.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The file's {@code alerts.rules}, bound by the configuration loader exactly as a user's file would be. */
    public static List<RuleConfig> raw() {
        return ConfigLoader.fromYaml(yaml(), Map.of()).alerts().rules();
    }

    /** The default rules, validated against the given settings. */
    public static List<Rule> load(AggregatesSettings settings) {
        return Rules.parse(raw(), settings);
    }
}
