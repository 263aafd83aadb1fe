package dev.vigil.alerting;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.aggregates.render.PoolMetrics;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedMap;

/** The value of one alert group read from the partition's series: the sums a threshold rule judges. */
final class GroupValues {
    private GroupValues() {
    }

    /** The sum over the group's series of a stored counter or gauge; null when the group has no series. */
    static Double storedSum(Metric metric, SortedMap<String, String> group, SeriesView view) {
        double sum = 0;
        boolean any = false;
        for (Map.Entry<SeriesKey, SeriesValue> e : matching(metric, group, view)) {
            if (e.getValue() instanceof SeriesValue.Counter c) {
                sum += c.value();
                any = true;
            } else if (e.getValue() instanceof SeriesValue.Gauge g) {
                sum += g.value();
                any = true;
            }
        }
        return any ? sum : null;
    }

    /** lease_utilization, pool_capacity, browser_pool_available of the group, as the scrape would show them. */
    static Double poolValue(Metric metric, SortedMap<String, String> group, SeriesView view,
                            AggregatesSettings settings) {
        String pool = metric == Metric.BROWSER_POOL_AVAILABLE ? settings.browserPool()
                : group.get(Label.POOL.wireName());
        Map<String, Double> reported = new HashMap<>();
        Map<String, Double> active = new HashMap<>();
        if (pool != null) {
            if (view.get(SeriesKey.of(Metric.POOL_CAPACITY, pool)) instanceof SeriesValue.Gauge g) {
                reported.put(pool, g.value());
            }
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(Metric.ACTIVE_LEASES, List.of(pool))) {
                if (e.getValue() instanceof SeriesValue.Gauge g) {
                    active.merge(pool, g.value(), Double::sum);
                }
            }
        } else {
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(Metric.POOL_CAPACITY)) {
                if (e.getValue() instanceof SeriesValue.Gauge g) {
                    reported.put(e.getKey().labelValue(Label.POOL), g.value());
                }
            }
            for (Map.Entry<SeriesKey, SeriesValue> e : view.series(Metric.ACTIVE_LEASES)) {
                if (e.getValue() instanceof SeriesValue.Gauge g) {
                    active.merge(e.getKey().labelValue(Label.POOL), g.value(), Double::sum);
                }
            }
        }
        PoolMetrics.Derived d = PoolMetrics.derive(reported, Map.of(), settings.configuredCapacities(), active,
                settings.browserPool());
        if (metric == Metric.BROWSER_POOL_AVAILABLE) {
            OptionalDouble v = d.browserPoolAvailable();
            return v.isPresent() ? v.getAsDouble() : null;
        }
        Map<String, Double> values = metric == Metric.LEASE_UTILIZATION ? d.utilization() : d.capacity();
        double sum = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (pool == null || pool.equals(e.getKey())) {
                sum += e.getValue();
                any = true;
            }
        }
        return any ? sum : null;
    }

    /** The series of the metric whose labels match the group (a prefix scan where the group allows it). */
    static List<Map.Entry<SeriesKey, SeriesValue>> matching(Metric metric, SortedMap<String, String> group,
                                                            SeriesView view) {
        List<String> prefix = new ArrayList<>();
        for (Label l : metric.keyLabels()) {
            String v = group.get(l.wireName());
            if (v == null) {
                break;
            }
            prefix.add(v);
        }
        List<Map.Entry<SeriesKey, SeriesValue>> out = new ArrayList<>();
        for (Map.Entry<SeriesKey, SeriesValue> e : view.series(metric, prefix)) {
            SeriesKey key = e.getKey();
            if (key.kind() != SeriesKey.Kind.SERIES || key.metric() != metric) {
                continue;
            }
            boolean match = true;
            for (Map.Entry<String, String> g : group.entrySet()) {
                Label label = labelNamed(metric, g.getKey());
                if (label == null || !g.getValue().equals(key.labelValue(label))) {
                    match = false;
                    break;
                }
            }
            if (match) {
                out.add(e);
            }
        }
        return out;
    }

    private static Label labelNamed(Metric metric, String name) {
        for (Label l : metric.keyLabels()) {
            if (l.wireName().equals(name)) {
                return l;
            }
        }
        return null;
    }
}
