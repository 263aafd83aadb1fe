package dev.vigil.app.metrics;

import dev.vigil.alerting.AlertInstance;
import dev.vigil.alerting.Rule;
import dev.vigil.app.cluster.KeyRouter;
import dev.vigil.topology.StoreNames;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code alerts_firing{rule,severity}} and {@code vigil_alert_events_total{state}}, from the alert
 * state of the partitions this instance owns. A rule's instances live beside the metric group it
 * judges, so the instance that owns that group shows the rule, with 0 while nothing fires, and a
 * sum over instances is exact.
 */
public final class AlertsCollector implements MultiCollector {
    static final String FIRING_HELP = "Alert instances now firing.";
    static final String EVENTS_HELP = "Alert events emitted, by state (firing, resolved).";

    private final StoreReader stores;
    private final KeyRouter router;
    private final List<Rule> rules;

    public AlertsCollector(StoreReader stores, KeyRouter router, List<Rule> rules) {
        this.stores = stores;
        this.router = router;
        this.rules = rules;
    }

    /** The alert instances firing in the partitions this instance owns. */
    public List<AlertInstance> firing() {
        List<AlertInstance> firing = new ArrayList<>();
        stores.<AlertInstance>forEach(StoreNames.ALERT_STATE, (fingerprint, instance) -> {
            if (instance.firing()) {
                firing.add(instance);
            }
        });
        return firing;
    }

    @Override
    public MetricSnapshots collect() {
        Map<List<String>, Integer> counts = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (Rule rule : rules) {
            if (router.routeGroup(rule.metric().group()) instanceof KeyRouter.Local) {
                counts.put(List.of(rule.name(), rule.severity().wireName()), 0);
            }
        }
        for (AlertInstance a : firing()) {
            counts.merge(List.of(a.rule(), a.severity()), 1, Integer::sum);
        }
        GaugeSnapshot.Builder firing = GaugeSnapshot.builder().name("alerts_firing").help(FIRING_HELP);
        counts.forEach((labels, n) -> firing.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                .value(n).labels(Labels.of("rule", labels.get(0), "severity", labels.get(1))).build()));
        CounterSnapshot.Builder events = CounterSnapshot.builder().name("vigil_alert_events").help(EVENTS_HELP);
        stores.sumLongs(StoreNames.ALERT_OUTCOMES).forEach((state, n) -> events.dataPoint(
                CounterSnapshot.CounterDataPointSnapshot.builder().value(n).labels(Labels.of("state", state)).build()));
        return MetricSnapshots.of(firing.build(), events.build());
    }
}
