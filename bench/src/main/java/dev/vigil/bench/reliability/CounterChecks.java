package dev.vigil.bench.reliability;

import dev.vigil.simulator.PrometheusSamples;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counter checks on Prometheus pages scraped from one Vigil during a run: every sample of every counter
 * family (Vigil's own {@code vigil_*}, the aggregates, the JVM's), and the {@code _bucket} and
 * {@code _count} samples of every histogram (counters too: docs/metrics.md, "counters never go back"),
 * is finite and never goes below its value in an earlier scrape. Kafka's client metrics ({@code kafka_*}) are left out: they belong to
 * client objects Kafka may recreate, and their resets say nothing about Vigil's numbers.
 */
final class CounterChecks {
    private static final int MAX_REPORTED = 20;

    private final Map<String, Double> last = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private long problems;

    /** Checks one scrape against the earlier ones. */
    synchronized void scrape(String page, double secondsIntoRun) {
        for (Map.Entry<String, Double> e : counters(page).entrySet()) {
            double v = e.getValue();
            Double before = last.put(e.getKey(), v);
            if (!Double.isFinite(v)) {
                report(String.format(java.util.Locale.ROOT, "counter %s is %s at %.1f s", e.getKey(), v,
                        secondsIntoRun));
            } else if (before != null && v < before) {
                report(String.format(java.util.Locale.ROOT, "counter %s went down from %s to %s at %.1f s",
                        e.getKey(), before, v, secondsIntoRun));
            }
        }
    }

    synchronized List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        if (problems > MAX_REPORTED) {
            out.add((problems - MAX_REPORTED) + " further counter violations not listed");
        }
        return out;
    }

    /** Distinct counter samples seen. */
    synchronized int samplesSeen() {
        return last.size();
    }

    private void report(String violation) {
        problems++;
        if (violations.size() < MAX_REPORTED) {
            violations.add(violation);
        }
    }

    /**
     * The samples of every counter family of an exposition, by sample key: the families its {@code # TYPE}
     * lines call counters, whose samples carry the family name or the name plus {@code _total}.
     */
    static Map<String, Double> counters(String page) {
        Set<String> families = new HashSet<>();
        for (String line : page.split("\n")) {
            String[] t = line.strip().split("\\s+");
            if (t.length == 4 && t[0].equals("#") && t[1].equals("TYPE") && !t[2].startsWith("kafka_")) {
                if (t[3].equals("counter")) {
                    families.add(t[2]);
                } else if (t[3].equals("histogram")) {
                    families.add(t[2] + "_bucket");
                    families.add(t[2] + "_count");
                }
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        PrometheusSamples.parse(page).forEach((key, value) -> {
            String name = PrometheusSamples.name(key);
            if (families.contains(name) || name.endsWith("_total")
                    && families.contains(name.substring(0, name.length() - "_total".length()))) {
                out.put(key, value);
            }
        });
        return out;
    }

    /** The sum of a sample name over all its label sets. */
    static double sum(Map<String, Double> samples, String name) {
        return sum(samples, name, Map.of());
    }

    /** The sum of a sample name over the label sets that have the given labels. */
    static double sum(Map<String, Double> samples, String name, Map<String, String> having) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            if (PrometheusSamples.name(e.getKey()).equals(name)
                    && PrometheusSamples.labels(e.getKey()).entrySet().containsAll(having.entrySet())) {
                total += e.getValue();
            }
        }
        return total;
    }

    /**
     * The end-of-run totals: every record counted once (the outcomes add up to the records published), and
     * the invalid ones are exactly the dead letters, in {@code vigil_events_total} and {@code vigil_dlq_total}.
     */
    static List<String> totals(String page, long published, long deadLetters) {
        Map<String, Double> s = PrometheusSamples.parse(page);
        List<String> out = new ArrayList<>();
        double events = sum(s, "vigil_events_total");
        double invalid = sum(s, "vigil_events_total", Map.of("outcome", "invalid"));
        double dlq = sum(s, "vigil_dlq_total");
        if (events != published) {
            out.add("vigil_events_total sums to " + (long) events + " at the end, not the " + published
                    + " records published");
        }
        if (invalid != deadLetters) {
            out.add("vigil_events_total{outcome=\"invalid\"} sums to " + (long) invalid + " but the DLQ holds "
                    + deadLetters + " records (read_committed)");
        }
        if (dlq != deadLetters) {
            out.add("vigil_dlq_total sums to " + (long) dlq + " but the DLQ holds " + deadLetters + " records");
        }
        return out;
    }

    /** Figures: records per outcome. */
    static Map<String, Number> outcomes(String page) {
        Map<String, Double> s = PrometheusSamples.parse(page);
        Map<String, Number> out = new LinkedHashMap<>();
        for (String outcome : List.of("accepted", "duplicate", "invalid")) {
            out.put("hostile_" + outcome, (long) sum(s, "vigil_events_total", Map.of("outcome", outcome)));
        }
        return out;
    }
}
