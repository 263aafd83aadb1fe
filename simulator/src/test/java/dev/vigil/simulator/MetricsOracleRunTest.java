package dev.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The metric truth of a default 20,000-record run, checked against the event stream itself. */
class MetricsOracleRunTest {

    private static final long SEED = 7L;
    private static final int N = 20_000;
    private static final int PARTITIONS = 3;

    private static List<SimRecord> records;
    private static Map<String, Double> truth;

    @BeforeAll
    static void run() {
        records = EventGenerator.generate(SEED, GeneratorOptions.defaults(), N);
        truth = MetricsOracle.compute(TruthSettings.defaults(PARTITIONS), records);
    }

    private static List<SimEvent> accepted() {
        return records.stream().filter(r -> r.expected().outcome() == Outcome.ACCEPTED)
                .map(r -> r.expected().event()).toList();
    }

    private static double sum(Map<String, Double> samples, String name) {
        return samples.entrySet().stream().filter(e -> PrometheusSamples.name(e.getKey()).equals(name))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    @Test
    void everyMetricFamilyHasSamples() {
        Map<String, Set<String>> names = new TreeMap<>();
        truth.keySet().forEach(k -> names.computeIfAbsent(PrometheusSamples.name(k), x -> new TreeSet<>()).add(k));
        MetricsOracle.FAMILY_TYPES.forEach((family, type) -> {
            if (type.equals("histogram")) {
                assertThat(names).as(family).containsKeys(family + "_bucket", family + "_sum", family + "_count");
            } else {
                assertThat(names).as(family).containsKey(family);
            }
        });
        assertThat(PrometheusSamples.select(truth, MetricsOracle.FAMILIES)).isEqualTo(truth);
        for (String ratio : List.of("task_success_ratio", "agent_call_success_ratio")) {
            assertThat(names.get(ratio)).anyMatch(k -> k.contains("window=\"5m\""))
                    .anyMatch(k -> k.contains("window=\"1h\""));
        }
        assertThat(truth).allSatisfy((k, v) -> assertThat(v).as(k).isFinite().isNotNegative());
        assertThat(truth.get(MetricsOracleTest.k("vigil_late_events_total", "type", "agent.call.completed")))
                .isPositive();
        assertThat(sum(truth, "lease_expired_total")).isPositive();
        assertThat(names.get("active_leases")).anyMatch(k -> k.contains("agent_name=\"unknown\""));
        assertThat(truth.keySet()).noneMatch(k -> k.contains("__other__"));
    }

    @Test
    void countsAgreeWithTheEventStream() {
        List<SimEvent> events = accepted();
        List<SimEvent> calls = events.stream().filter(e -> e.type() == EventType.CALL_COMPLETED).toList();
        assertThat(sum(truth, "agent_call_total")).isEqualTo(calls.size());
        assertThat(sum(truth, "agent_call_latency_seconds_count")).isEqualTo(calls.size());
        assertThat(sum(truth, "model_tokens_total")).isEqualTo(calls.stream()
                .mapToDouble(e -> e.number("input_tokens").doubleValue() + e.number("output_tokens").doubleValue())
                .sum());
        // input + cached_input is what the calls sent: the two input directions split input_tokens
        assertThat(calls).anyMatch(e -> e.number("cached_input_tokens") != null)
                .anyMatch(e -> e.number("cached_input_tokens") == null);
        assertThat(sum(truth, "vigil_unpriced_calls_total")).isEqualTo(calls.stream()
                .filter(e -> e.number("cost_usd") == null
                        && !TruthSettings.DEFAULT_MODEL_PRICES.containsKey(e.string("model_name"))).count());
        assertThat(sum(truth, "vigil_unpriced_calls_total")).isPositive();

        Set<String> submitted = new HashSet<>();
        Set<String> terminal = new HashSet<>();
        for (SimEvent e : events) {
            if (e.type() == EventType.TASK_STATUS_CHANGED) {
                String s = e.string("status");
                if (s.equals("submitted")) {
                    submitted.add(e.string("task_id"));
                } else if (!s.equals("running")) {
                    terminal.add(e.string("task_id"));
                }
            }
        }
        assertThat(truth.get("task_total{status=\"submitted\"}")).isEqualTo(submitted.size());
        assertThat(sum(truth, "task_total")).isEqualTo(submitted.size() + terminal.size());

        // Every lease whose acquired was seen is either held now or was observed once when it ended.
        Map<String, Set<String>> acquiredByPool = new HashMap<>();
        for (SimEvent e : events) {
            if (e.type() == EventType.LEASE_ACQUIRED) {
                acquiredByPool.computeIfAbsent(e.string("pool"), p -> new HashSet<>()).add(e.string("lease_id"));
            }
        }
        acquiredByPool.forEach((pool, leases) -> {
            double active = truth.entrySet().stream().filter(e -> e.getKey().startsWith("active_leases{")
                    && e.getKey().contains("pool=\"" + pool + "\"")).mapToDouble(Map.Entry::getValue).sum();
            assertThat(active + truth.get("lease_held_seconds_count{pool=\"" + pool + "\"}")).as(pool)
                    .isEqualTo(leases.size());
        });
    }

    @Test
    void theWorldExercisesEveryRule() {
        Map<String, List<SimEvent>> tasks = new LinkedHashMap<>();
        Map<String, List<SimEvent>> steps = new LinkedHashMap<>();
        Map<String, List<SimEvent>> leases = new LinkedHashMap<>();
        Map<String, List<SimEvent>> pools = new LinkedHashMap<>();
        long priced = 0;
        long selfCosted = 0;
        long unpriced = 0;
        long beyondGrace = 0;
        for (SimRecord r : records) {
            if (r.expected().outcome() != Outcome.ACCEPTED) {
                continue;
            }
            SimEvent e = r.expected().event();
            switch (e.type()) {
                case TASK_STATUS_CHANGED -> tasks.computeIfAbsent(e.string("task_id"), x -> new ArrayList<>()).add(e);
                case STEP_STATUS_CHANGED -> steps.computeIfAbsent(e.string("task_id") + "/" + e.string("step_id")
                        + "/" + (e.number("attempt") == null ? 1 : e.number("attempt")), x -> new ArrayList<>()).add(e);
                case LEASE_ACQUIRED, LEASE_RELEASED -> leases.computeIfAbsent(e.string("lease_id"),
                        x -> new ArrayList<>()).add(e);
                case POOL_STATUS -> pools.computeIfAbsent(e.string("pool"), x -> new ArrayList<>()).add(e);
                case CALL_COMPLETED -> {
                    if (e.number("cost_usd") != null) {
                        selfCosted++;
                    } else if (e.string("model_name").equals("gpt-4o")) {
                        priced++;
                    } else {
                        unpriced++;
                    }
                    if (r.timestamp() - MetricsOracle.eventTime(r) > Duration.ofMinutes(5).toMillis()) {
                        beyondGrace++;
                    }
                }
            }
        }
        Set<String> terminal = Set.of("succeeded", "failed", "cancelled", "timed_out");
        long withDuration = 0;
        long withoutDuration = 0;
        long lateSubmitted = 0;
        long runningAfterTerminal = 0;
        long secondTerminal = 0;
        for (List<SimEvent> t : tasks.values()) {
            List<String> s = t.stream().map(e -> e.string("status")).toList();
            int firstTerminal = indexOfTerminal(s, terminal);
            if (firstTerminal >= 0) {
                if (t.get(firstTerminal).number("duration_ms") != null) {
                    withDuration++;
                } else {
                    withoutDuration++;
                }
                if (s.lastIndexOf("running") > firstTerminal) {
                    runningAfterTerminal++;
                }
                if (s.stream().filter(terminal::contains).count() > 1) {
                    secondTerminal++;
                }
            }
            if (s.indexOf("submitted") > 0) {
                lateSubmitted++;
            }
        }
        long stepFullPath = 0;
        long stepTerminalWithoutRunning = 0;
        for (List<SimEvent> st : steps.values()) {
            List<String> s = st.stream().map(e -> e.string("status")).toList();
            int t = indexOfTerminal(s, terminal);
            if (s.indexOf("queued") == 0 && s.indexOf("running") == 1 && t == 2) {
                stepFullPath++;
            }
            if (t >= 0 && !s.subList(0, t).contains("running")) {
                stepTerminalWithoutRunning++;
            }
        }
        long releasedNormally = 0;
        long expiredBeforeTtl = 0;
        long expiredAfterTtl = 0;
        long releasedBeforeAcquired = 0;
        long neverReleasedWithTtl = 0;
        long neverReleasedWithoutTtl = 0;
        for (List<SimEvent> l : leases.values()) {
            SimEvent acquired = l.stream().filter(e -> e.type() == EventType.LEASE_ACQUIRED).findFirst().orElse(null);
            SimEvent released = l.stream().filter(e -> e.type() == EventType.LEASE_RELEASED).findFirst().orElse(null);
            if (acquired == null) {
                continue;
            }
            Number ttl = acquired.number("ttl_ms");
            if (released == null) {
                if (ttl != null) {
                    neverReleasedWithTtl++;
                } else {
                    neverReleasedWithoutTtl++;
                }
                continue;
            }
            if (l.get(0) == released) {
                releasedBeforeAcquired++;
            }
            String reason = released.string("reason");
            if (reason == null || reason.equals("released")) {
                releasedNormally++;
            } else if (reason.equals("expired") && released.time() != null && acquired.time() != null) {
                long held = released.time().toEpochMilli() - acquired.time().toEpochMilli();
                if (ttl != null && held >= ttl.longValue()) {
                    expiredAfterTtl++;
                } else {
                    expiredBeforeTtl++;
                }
            }
        }
        long overtakenPoolStatus = 0;
        for (List<SimEvent> p : pools.values()) {
            Instant last = null;
            for (SimEvent e : p) {
                if (e.time() != null && last != null && e.time().isBefore(last)) {
                    overtakenPoolStatus++;
                }
                if (e.time() != null) {
                    last = e.time();
                }
            }
            assertThat(p.stream().map(e -> e.number("capacity").longValue()).distinct().count()).isGreaterThan(1);
            assertThat(p.stream().map(e -> e.number("healthy")).filter(x -> x != null).distinct().count())
                    .isGreaterThan(1);
            assertThat(p).anyMatch(e -> e.number("healthy") == null);
        }
        assertThat(pools.keySet()).containsExactlyInAnyOrder("browser", "gpu");
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("tasks with duration_ms", withDuration);
        counts.put("tasks without duration_ms", withoutDuration);
        counts.put("late submitted", lateSubmitted);
        counts.put("running after terminal", runningAfterTerminal);
        counts.put("second terminal", secondTerminal);
        counts.put("steps queued → running → terminal", stepFullPath);
        counts.put("steps terminal without running", stepTerminalWithoutRunning);
        counts.put("priced calls", priced);
        counts.put("self-costed calls", selfCosted);
        counts.put("unpriced calls", unpriced);
        counts.put("calls later than grace", beyondGrace);
        counts.put("leases released normally", releasedNormally);
        counts.put("leases released expired before the TTL", expiredBeforeTtl);
        counts.put("leases released expired after the TTL", expiredAfterTtl);
        counts.put("leases released before acquired", releasedBeforeAcquired);
        counts.put("leases never released, with TTL", neverReleasedWithTtl);
        counts.put("leases never released, without TTL", neverReleasedWithoutTtl);
        counts.put("overtaken pool statuses", overtakenPoolStatus);
        assertThat(counts).allSatisfy((what, n) -> assertThat(n).as(what).isGreaterThanOrEqualTo(2));
    }

    private static int indexOfTerminal(List<String> statuses, Set<String> terminal) {
        for (int i = 0; i < statuses.size(); i++) {
            if (terminal.contains(statuses.get(i))) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void thePartitionCountChangesOnlyWhatDependsOnStreamTime() {
        Set<String> streamTimeDependent = Set.of("active_leases", "lease_held_seconds", "lease_expired_total",
                "lease_utilization", "browser_pool_available", "vigil_late_events_total", "task_success_ratio",
                "agent_call_success_ratio");
        List<String> independent = MetricsOracle.FAMILIES.stream().filter(f -> !streamTimeDependent.contains(f))
                .toList();
        Map<String, Double> base = PrometheusSamples.select(truth, independent);
        List<String> leaseFamilies = List.of("active_leases", "lease_held_seconds", "lease_expired_total");
        Set<Map<String, Double>> leaseOutcomes = new HashSet<>();
        leaseOutcomes.add(PrometheusSamples.select(truth, leaseFamilies));
        for (int partitions : new int[] {1, 16, 64, 256}) {
            MetricsOracle o = oracle(partitions);
            Map<String, Double> m = o.samples();
            assertThat(PrometheusSamples.select(m, independent)).as("%d partitions", partitions).isEqualTo(base);
            leaseOutcomes.add(PrometheusSamples.select(m, leaseFamilies));
            checkTtlOutcomes(o, partitions);
        }
        checkTtlOutcomes(oracle(PARTITIONS), PARTITIONS);
        assertThat(leaseOutcomes).as("idle partitions hold their leases longer").hasSizeGreaterThan(1);
    }

    private static MetricsOracle oracle(int partitions) {
        MetricsOracle o = new MetricsOracle(TruthSettings.defaults(partitions));
        records.forEach(o::accept);
        return o;
    }

    /**
     * A lease with a TTL that was never released expired exactly when the stream time of its partition reached its
     * expiry: ended iff expiry ≤ the stream time of the partition's last expiry check.
     */
    private static void checkTtlOutcomes(MetricsOracle o, int partitions) {
        Map<String, Long> expiry = new HashMap<>();
        Set<String> released = new HashSet<>();
        for (SimRecord r : records) {
            SimEvent e = r.expected().event();
            if (r.expected().outcome() != Outcome.ACCEPTED) {
                continue;
            }
            if (e.type() == EventType.LEASE_ACQUIRED && e.number("ttl_ms") != null) {
                expiry.putIfAbsent(e.string("lease_id"), MetricsOracle.eventTime(r) + e.number("ttl_ms").longValue());
            } else if (e.type() == EventType.LEASE_RELEASED) {
                released.add(e.string("lease_id"));
            }
        }
        long expired = 0;
        for (Map.Entry<String, Long> l : expiry.entrySet()) {
            if (released.contains(l.getKey())) {
                continue;
            }
            int p = MetricsOracle.partition(l.getKey(), partitions);
            boolean due = l.getValue() <= o.expiryCheckedAt(p);
            assertThat(o.leaseState(l.getKey())).as("lease %s, %d partitions", l.getKey(), partitions)
                    .isEqualTo(due ? "ended" : "active");
            expired += due ? 1 : 0;
        }
        assertThat(expired).isPositive();
    }

    @Test
    void forgettingFinishedEntitiesChangesNothingForTheGenerator() {
        // 20,000 records span about 14 simulated minutes, so an 11-minute horizon forgets the first minutes'
        // entities (none gets an event that long after it finished; no re-send comes that long after its event).
        long span = records.get(N - 1).timestamp() - records.get(0).timestamp();
        assertThat(span).isGreaterThan(Duration.ofMinutes(13).toMillis());
        MetricsOracle o = new MetricsOracle(TruthSettings.defaults(PARTITIONS).withDedupHorizon(Duration.ofMinutes(11)));
        records.forEach(o::accept);
        assertThat(o.forgotten()).isGreaterThan(100);
        assertThat(o.samples()).isEqualTo(truth);
    }

    @Test
    void theTruthIsDeterministicAndIndependentOfSampleOrder() {
        assertThat(MetricsOracle.compute(TruthSettings.defaults(PARTITIONS), records)).isEqualTo(truth);
        assertThat(new ArrayList<>(truth.keySet())).isSorted();
    }
}
