package dev.vigil.app.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Merges the instances' {@link SummaryPart}s into the application's {@link Summary}. The parts hold
 * raw counts of disjoint partitions, so merging is adding; ratios and rankings are computed only
 * here, after the merge, so that they are the application's and not one instance's.
 */
public final class SummaryAssembly {
    /** Rows in each top list of the page. */
    public static final int TOP = 5;

    private static final Comparator<Summary.Row> BY_COST = Comparator.comparingDouble(Summary.Row::costUsd).reversed()
            .thenComparing(Summary.Row::name);
    private static final Comparator<Summary.Row> BY_ERROR_RATE = Comparator
            .comparingDouble((Summary.Row r) -> r.errorRatio() == null ? -1 : r.errorRatio()).reversed()
            .thenComparing(Comparator.comparingDouble(Summary.Row::errors).reversed())
            .thenComparing(Summary.Row::name);

    private SummaryAssembly() {
    }

    public static Summary merge(List<SummaryPart> parts, Instant now, int top) {
        List<SummaryPart.Instance> instances = new ArrayList<>();
        Map<List<String>, Long> events = new TreeMap<>(Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1)));
        Map<String, Long> deadLetters = new TreeMap<>();
        List<SummaryPart.FiringAlert> alerts = new ArrayList<>();
        Map<String, SummaryPart.Pool> pools = new TreeMap<>();
        Map<List<String>, double[]> calls = new LinkedHashMap<>();
        Map<String, Double> ratios = new TreeMap<>(Comparator.comparingLong(SummaryAssembly::seconds)
                .thenComparing(Comparator.naturalOrder()));
        Long lag = null;
        for (SummaryPart part : parts) {
            instances.add(part.instance());
            if (part.instance().consumerLag() != null) {
                lag = (lag == null ? 0 : lag) + part.instance().consumerLag();
            }
            part.events().forEach(e -> events.merge(List.of(e.type(), e.outcome()), e.count(), Long::sum));
            part.deadLetters().forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
            alerts.addAll(part.alerts());
            // A group lives in one partition, so one part has it; putIfAbsent only guards a moment of
            // moving ownership, where both could report it.
            part.pools().forEach(p -> pools.putIfAbsent(p.pool(), p));
            part.calls().forEach(c -> {
                double[] sums = calls.computeIfAbsent(List.of(c.agentName(), c.modelName()), k -> new double[3]);
                sums[0] += c.calls();
                sums[1] += c.errors();
                sums[2] += c.costUsd();
            });
            part.taskSuccessRatio().forEach(ratios::putIfAbsent);
        }
        instances.sort(Comparator.comparing(SummaryPart.Instance::address));
        alerts.sort(Comparator.comparing(SummaryPart.FiringAlert::since).thenComparing(SummaryPart.FiringAlert::fingerprint));
        boolean ready = !instances.isEmpty() && instances.stream().allMatch(i -> "RUNNING".equals(i.state()));
        return new Summary(now.toString(), ready, instances, events(events), lag,
                new Summary.DeadLetters(deadLetters.values().stream().mapToLong(Long::longValue).sum(), deadLetters),
                alerts, new ArrayList<>(pools.values()),
                ranking(calls, k -> k.get(0), top), ranking(calls, k -> k.get(1), top), ratios);
    }

    private static Summary.Events events(Map<List<String>, Long> counts) {
        long accepted = 0;
        long duplicate = 0;
        long invalid = 0;
        long total = 0;
        List<SummaryPart.EventCount> byType = new ArrayList<>();
        for (Map.Entry<List<String>, Long> e : counts.entrySet()) {
            String outcome = e.getKey().get(1);
            long n = e.getValue();
            switch (outcome) {
                case "accepted" -> accepted += n;
                case "duplicate" -> duplicate += n;
                case "invalid" -> invalid += n;
                default -> { }
            }
            total += n;
            byType.add(new SummaryPart.EventCount(e.getKey().get(0), outcome, n));
        }
        return new Summary.Events(accepted, duplicate, invalid, total, byType);
    }

    /** Calls summed by agent (or model), then the top ones by cost and by error ratio. */
    private static Summary.Ranking ranking(Map<List<String>, double[]> calls, Function<List<String>, String> name,
                                           int top) {
        Map<String, double[]> by = new TreeMap<>();
        calls.forEach((key, sums) -> {
            double[] s = by.computeIfAbsent(name.apply(key), k -> new double[3]);
            for (int i = 0; i < 3; i++) {
                s[i] += sums[i];
            }
        });
        List<Summary.Row> rows = new ArrayList<>(by.size());
        by.forEach((n, s) -> rows.add(new Summary.Row(n, s[0], s[1], s[0] > 0 ? s[1] / s[0] : null, s[2])));
        return new Summary.Ranking(top(rows, BY_COST, top), top(rows, BY_ERROR_RATE, top));
    }

    private static List<Summary.Row> top(List<Summary.Row> rows, Comparator<Summary.Row> order, int n) {
        return rows.stream().sorted(order).limit(n).toList();
    }

    /** A window as configured ({@code 5m}, {@code 1h}), in seconds, to list windows shortest first. */
    static long seconds(String window) {
        if (window.length() < 2) {
            return Long.MAX_VALUE;
        }
        long unit = switch (window.charAt(window.length() - 1)) {
            case 's' -> 1;
            case 'm' -> 60;
            case 'h' -> 3600;
            case 'd' -> 86_400;
            default -> -1;
        };
        try {
            return unit < 0 ? Long.MAX_VALUE : Long.parseLong(window.substring(0, window.length() - 1)) * unit;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
