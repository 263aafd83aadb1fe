package dev.vigil.aggregates.render;

import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.metric.MetricType;

import java.util.List;
import java.util.Objects;

/**
 * One metric family as it should be exposed now: the catalogue entry (name, type, help, label
 * names) and its samples, sorted by label values. Carries values only, no math, so that the app
 * turns it into Prometheus / OpenMetrics output without knowing how the values were computed.
 */
public record MetricFamilySnapshot(Metric metric, List<MetricSample> samples) {
    public MetricFamilySnapshot {
        Objects.requireNonNull(metric, "metric");
        samples = List.copyOf(samples);
    }

    /** The sample name ({@code task_total}). */
    public String name() {
        return metric.metricName();
    }

    /** The family name (counters without {@code _total}, for OpenMetrics). */
    public String familyName() {
        return metric.familyName();
    }

    public MetricType.Exposition type() {
        return metric.type().exposition();
    }

    public String help() {
        return metric.help();
    }

    public List<String> labelNames() {
        return metric.labelNames();
    }
}
