package dev.vigil.app.status;

import dev.vigil.aggregates.render.MetricFamilySnapshot;
import dev.vigil.aggregates.render.MetricSample;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.topology.SelfMetricKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * This instance's {@link SummaryPart}, read from what {@code /metrics} renders: the self-metric
 * counts of {@code vigil_events_total} and {@code vigil_dlq_total}, the aggregate families and the
 * firing alerts. So the page and {@code /metrics} cannot disagree: they are the same numbers.
 * Reading costs what a scrape costs, the number of series, never the number of events.
 */
public final class LocalSummary implements Supplier<SummaryPart> {
    private final Supplier<SummaryPart.Instance> instance;
    private final Supplier<Map<SelfMetricKey, Long>> selfMetrics;
    private final Supplier<List<MetricFamilySnapshot>> families;
    private final Supplier<List<AlertInstance>> firing;
    private final TraceLinks traces;

    public LocalSummary(Supplier<SummaryPart.Instance> instance, Supplier<Map<SelfMetricKey, Long>> selfMetrics,
                        Supplier<List<MetricFamilySnapshot>> families, Supplier<List<AlertInstance>> firing,
                        TraceLinks traces) {
        this.instance = instance;
        this.selfMetrics = selfMetrics;
        this.families = families;
        this.firing = firing;
        this.traces = traces;
    }

    @Override
    public SummaryPart get() {
        List<SummaryPart.EventCount> events = new ArrayList<>();
        Map<String, Long> deadLetters = new TreeMap<>();
        selfMetrics.get().forEach((key, n) -> {
            if (key instanceof SelfMetricKey.Events e) {
                events.add(new SummaryPart.EventCount(e.type(), e.outcome().wireName(), n));
            } else if (key instanceof SelfMetricKey.DeadLetters d) {
                deadLetters.merge(d.reason(), n, Long::sum);
            }
        });
        List<SummaryPart.FiringAlert> alerts = new ArrayList<>();
        for (AlertInstance a : firing.get()) {
            EventRef trigger = a.trigger();
            String traceId = TraceLinks.traceId(trigger == null ? null : trigger.traceparent());
            alerts.add(new SummaryPart.FiringAlert(a.rule(), a.fingerprint(), a.severity(), a.labels(), a.value(),
                    Instant.ofEpochMilli(a.startedAtMs()).toString(), traceId, traces.url(traceId)));
        }
        Series series = new Series(families.get());
        return new SummaryPart(instance.get(), events, deadLetters, alerts, series.pools(), series.calls(),
                series.ratios("task_success_ratio"));
    }

    /** The few families the summary shows, by sample name. */
    private static final class Series {
        private final Map<String, MetricFamilySnapshot> byName = new HashMap<>();

        Series(List<MetricFamilySnapshot> families) {
            for (MetricFamilySnapshot f : families) {
                byName.put(f.name(), f);
            }
        }

        /** Every pool with a capacity, leases or utilization. */
        List<SummaryPart.Pool> pools() {
            Map<String, Double> capacity = sumBy("pool_capacity", "pool");
            Map<String, Double> active = sumBy("active_leases", "pool");
            Map<String, Double> utilization = sumBy("lease_utilization", "pool");
            Map<String, Boolean> names = new TreeMap<>();
            capacity.keySet().forEach(p -> names.put(p, true));
            active.keySet().forEach(p -> names.put(p, true));
            List<SummaryPart.Pool> pools = new ArrayList<>(names.size());
            for (String pool : names.keySet()) {
                pools.add(new SummaryPart.Pool(pool, capacity.get(pool), active.getOrDefault(pool, 0.0),
                        utilization.get(pool)));
            }
            return pools;
        }

        /** Calls, errors and cost by (agent, model). */
        List<SummaryPart.CallTotals> calls() {
            Map<List<String>, double[]> sums = new TreeMap<>((a, b) -> a.get(0).equals(b.get(0))
                    ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
            forEach("agent_call_total", (labels, value) -> {
                double[] s = sums.computeIfAbsent(List.of(labels.get("agent_name"), labels.get("model_name")),
                        k -> new double[3]);
                s[0] += value;
                if ("error".equals(labels.get("status"))) {
                    s[1] += value;
                }
            });
            forEach("model_cost_usd_total", (labels, value) -> sums.computeIfAbsent(
                    List.of(labels.get("agent_name"), labels.get("model_name")), k -> new double[3])[2] += value);
            List<SummaryPart.CallTotals> calls = new ArrayList<>(sums.size());
            sums.forEach((k, s) -> calls.add(new SummaryPart.CallTotals(k.get(0), k.get(1), s[0], s[1], s[2])));
            return calls;
        }

        Map<String, Double> ratios(String name) {
            return sumBy(name, "window");
        }

        /** A family's values summed by one label (active leases over agents, for instance). */
        private Map<String, Double> sumBy(String name, String label) {
            Map<String, Double> out = new TreeMap<>();
            forEach(name, (labels, value) -> out.merge(labels.get(label), value, Double::sum));
            return out;
        }

        private interface SampleVisitor {
            void visit(Map<String, String> labels, double value);
        }

        private void forEach(String name, SampleVisitor visitor) {
            MetricFamilySnapshot family = byName.get(name);
            if (family == null) {
                return;
            }
            List<String> names = family.labelNames();
            Map<String, String> labels = new HashMap<>();
            for (MetricSample sample : family.samples()) {
                if (!(sample instanceof MetricSample.Value v)) {
                    continue;
                }
                labels.clear();
                for (int i = 0; i < names.size(); i++) {
                    labels.put(names.get(i), sample.labelValues().get(i));
                }
                visitor.visit(labels, v.value());
            }
        }
    }
}
