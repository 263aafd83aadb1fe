/**
 * Configuration: the one immutable {@code VigilConfig} tree (docs/configuration.md), built and
 * validated at start-up from the YAML file, environment overrides and defaults, with {@code line N:}
 * in every error, alert rules included ({@code RuleConfig}).
 *
 * <p>API: {@code ConfigLoader} (build), {@code VigilConfig} and {@code RuleConfig} (read),
 * {@code ConfigRenderer} (check-config), {@code ConfigException}, and {@code Durations} and
 * {@code Suggest}, which the alerting module uses so that rule semantics speak as the rest of the
 * configuration does. The binder, tree, schema and merge steps are package-private.
 */
package dev.vigil.config;
