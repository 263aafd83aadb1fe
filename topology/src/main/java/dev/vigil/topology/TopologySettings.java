package dev.vigil.topology;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.alerting.Rule;
import dev.vigil.alerting.Rules;
import dev.vigil.config.VigilConfig;
import java.util.List;

/**
 * A loaded configuration together with what is derived from it once at start-up: the aggregates
 * settings the aggregate math uses and the validated alert rules. {@link VigilTopology#build}, the
 * app's collectors and {@code vigil check-config} all read these, so the rules are parsed, and
 * their errors reported, in one place.
 *
 * <p>Only {@link #from(VigilConfig)} creates one: the rules are always validated against these
 * aggregates settings.
 */
public final class TopologySettings {
    private final VigilConfig config;
    private final AggregatesSettings aggregates;
    private final List<Rule> rules;
    private final int inputPartitions;

    private TopologySettings(VigilConfig config, AggregatesSettings aggregates, List<Rule> rules,
                             int inputPartitions) {
        this.config = config;
        this.aggregates = aggregates;
        this.rules = List.copyOf(rules);
        this.inputPartitions = inputPartitions;
    }

    /**
     * @throws dev.vigil.alerting.RuleException when the alert rules are invalid (the message names
     *                                           each rule and field)
     */
    public static TopologySettings from(VigilConfig config) {
        AggregatesSettings aggregates = AggregatesSettings.from(config.aggregates());
        return new TopologySettings(config, aggregates, Rules.parse(config.alerts().rules(), aggregates), 0);
    }

    /**
     * These settings for an input topic of {@code partitions} partitions, as read from the cluster at
     * start-up: records already in their entity's partition then skip {@code events-by-entity}
     * (docs/events.md, Keys). Without it every record crosses.
     */
    public TopologySettings withInputPartitions(int partitions) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("input partitions must be > 0, got " + partitions);
        }
        return new TopologySettings(config, aggregates, rules, partitions);
    }

    /** The input topic's partition count, 0 when unknown. */
    public int inputPartitions() {
        return inputPartitions;
    }

    /** The configuration these settings were derived from. */
    public VigilConfig config() {
        return config;
    }

    /** {@code aggregates}, in the forms the aggregate math uses. */
    public AggregatesSettings aggregates() {
        return aggregates;
    }

    /** {@code alerts.rules}, validated; unmodifiable. */
    public List<Rule> rules() {
        return rules;
    }
}
