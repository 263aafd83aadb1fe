package dev.vigil.simulator;

import static dev.vigil.simulator.Scenario.keyIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Each rule of docs/aggregates.md on hand-built records (see {@link Scenario}). */
class MetricsOracleTest {

    private static final TruthSettings ONE = TruthSettings.defaults(1);

    /** The sample key of {@code name} with label pairs. */
    static String k(String name, String... labels) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            m.put(labels[i], labels[i + 1]);
        }
        return PrometheusSamples.key(name, m);
    }

    /** The {@code _bucket} samples of one histogram series: le → cumulative count. */
    static Map<String, Double> buckets(Map<String, Double> samples, String name, String... labels) {
        Map<String, String> wanted = PrometheusSamples.labels(k(name, labels));
        Map<String, Double> out = new TreeMap<>();
        samples.forEach((key, v) -> {
            if (PrometheusSamples.name(key).equals(name + "_bucket")) {
                Map<String, String> l = PrometheusSamples.labels(key);
                String le = l.remove("le");
                if (l.equals(wanted)) {
                    out.put(le, v);
                }
            }
        });
        return out;
    }

    private static Map<String, Double> family(Map<String, Double> samples, String family) {
        return PrometheusSamples.select(samples, java.util.List.of(family));
    }

    // ------------------------------------------------------------------------------------------------- tasks

    @Test
    void aTaskCountsSubmittedAndItsFirstTerminalStatusOnce() {
        Scenario s = new Scenario()
                .task("t1", "submitted", 0)
                .task("t1", "running", 1)
                .task("t1", "succeeded", 10)
                .task("t1", "failed", 11)       // a later, different terminal status changes nothing
                .task("t1", "succeeded", 11.5)  // nor the same one again
                .task("t1", "running", 12)      // running after a terminal status changes nothing
                .task("t1", "submitted", 13);   // a second submitted changes nothing
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "task_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("task_total", "status", "submitted"), 1.0, k("task_total", "status", "succeeded"), 1.0));
        assertThat(m).containsEntry("active_tasks", 0.0); // touched, so exposed at 0
        // No duration_ms: terminal time − submitted time.
        assertThat(m).containsEntry(k("task_duration_seconds_count", "status", "succeeded"), 1.0)
                .containsEntry(k("task_duration_seconds_sum", "status", "succeeded"), 10.0);
        assertThat(buckets(m, "task_duration_seconds", "status", "succeeded"))
                .containsEntry("5.0", 0.0).containsEntry("10.0", 1.0).containsEntry("+Inf", 1.0);
        assertThat(m).containsEntry(k("task_success_ratio", "window", "5m"), 1.0)
                .containsEntry(k("task_success_ratio", "window", "1h"), 1.0);
    }

    @Test
    void aLateSubmittedCountsButNeverReopensAndObservesNoDuration() {
        Scenario s = new Scenario()
                .task("t2", "succeeded", 5)    // terminal first: never active, no known start
                .task("t2", "submitted", 0)
                .task("t2", "running", 1);
        Map<String, Double> m = s.run(ONE);
        assertThat(m).containsEntry(k("task_total", "status", "submitted"), 1.0)
                .containsEntry(k("task_total", "status", "succeeded"), 1.0)
                .doesNotContainKey("active_tasks"); // never touched
        assertThat(family(m, "task_duration_seconds")).isEmpty();

        // Running before submitted: active once; a submitted arriving later counts but does not add to active.
        s.task("t3", "running", 20);
        assertThat(s.run(ONE)).containsEntry("active_tasks", 1.0);
        s.task("t3", "submitted", 19);
        m = s.run(ONE);
        assertThat(m).containsEntry("active_tasks", 1.0).containsEntry(k("task_total", "status", "submitted"), 2.0);
        s.task("t3", "cancelled", 21, "duration_ms", 1500L);
        m = s.run(ONE);
        assertThat(m).containsEntry("active_tasks", 0.0)
                .containsEntry(k("task_duration_seconds_sum", "status", "cancelled"), 1.5); // duration_ms wins

        // A terminal status whose event time precedes submitted: the duration is not below 0.
        s.task("t4", "submitted", 30).task("t4", "failed", 29);
        m = s.run(ONE);
        assertThat(m).containsEntry(k("task_duration_seconds_sum", "status", "failed"), 0.0);
        assertThat(buckets(m, "task_duration_seconds", "status", "failed")).containsEntry("0.05", 1.0);
        // Three first terminal statuses observed: succeeded (t2), cancelled (t3), failed (t4).
        assertThat(m.get(k("task_success_ratio", "window", "5m"))).isCloseTo(1.0 / 3, within(1e-15));
    }

    // ------------------------------------------------------------------------------------------------- steps

    @Test
    void stepsFollowTheTaskRulesAndDriveQueueDepth() {
        Scenario s = new Scenario()
                // s1: queued → running → succeeded; labels come from the terminal event.
                .step("T", "s1", "queued", 0)
                .step("T", "s1", "running", 2)
                .step("T", "s1", "succeeded", 7, "agent_name", "reviewer")
                .step("T", "s1", "cancelled", 12)                     // a second terminal changes nothing
                // s2: queued (capability browse) → failed without running: leaves the queue, no duration.
                .step("T", "s2", "queued", 0, "capability", "browse")
                .step("T", "s2", "failed", 3)
                // s3: running first, then queued: never counted queued.
                .step("T", "s3", "running", 1)
                .step("T", "s3", "queued", 2)
                .step("T", "s3", "timed_out", 4, "duration_ms", 250L)
                .step("T", "s3", "running", 5)                        // after its terminal: nothing
                // s1 attempt 2 is a new step, still queued at the end.
                .step("T", "s1", "queued", 8, "attempt", 2L)
                // s4: attempt absent = attempt 1.
                .step("T", "s4", "queued", 9)
                .step("T", "s4", "running", 10, "attempt", 1L);
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "queue_depth")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("queue_depth", "capability", "code"), 1.0, k("queue_depth", "capability", "browse"), 0.0));
        assertThat(family(m, "step_duration_seconds").keySet().stream().filter(x -> x.contains("_count")))
                .containsExactlyInAnyOrder(
                        k("step_duration_seconds_count", "agent_name", "reviewer", "capability", "code", "status",
                                "succeeded"),
                        k("step_duration_seconds_count", "agent_name", "coder", "capability", "code", "status",
                                "timed_out"));
        assertThat(m).containsEntry(k("step_duration_seconds_sum", "agent_name", "reviewer", "capability", "code",
                        "status", "succeeded"), 5.0)
                .containsEntry(k("step_duration_seconds_sum", "agent_name", "coder", "capability", "code", "status",
                        "timed_out"), 0.25);
        assertThat(buckets(m, "step_duration_seconds", "agent_name", "coder", "capability", "code", "status",
                "timed_out")).containsEntry("0.1", 0.0).containsEntry("0.25", 1.0); // exactly on the bound
    }

    // ------------------------------------------------------------------------------------------------- calls

    @Test
    void callsAreCountedTimedTokenisedAndPriced() {
        Scenario s = new Scenario()
                // Priced from the table: 1000 × 2.5 / 1e6 + 2000 × 10 / 1e6 = 0.0225.
                .call("c1", "planner", "gpt-4o", "ok", 0, "latency_ms", 80L, "input_tokens", 1000L,
                        "output_tokens", 2000L)
                // Its own cost_usd wins.
                .call("c2", "planner", "gpt-4o", "ok", 1, "latency_ms", 81.5, "input_tokens", 1000L,
                        "output_tokens", 1000L, "cost_usd", 0.5)
                // Not in the table: cost += 0 (the series exists), counted unpriced; zero tokens still touch.
                .call("c3", "planner", "claude-x", "error", 2, "latency_ms", 0L, "error_type", "timeout")
                // Not in the table but carries cost_usd: priced by the event.
                .call("c4", "planner", "claude-x", "ok", 3, "latency_ms", 100_000L, "cost_usd", 0.1);
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "agent_call_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("agent_call_total", "agent_name", "planner", "capability", "plan", "model_name", "gpt-4o",
                        "status", "ok"), 2.0,
                k("agent_call_total", "agent_name", "planner", "capability", "plan", "model_name", "claude-x",
                        "status", "error"), 1.0,
                k("agent_call_total", "agent_name", "planner", "capability", "plan", "model_name", "claude-x",
                        "status", "ok"), 1.0));
        assertThat(family(m, "model_cost_usd_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("model_cost_usd_total", "agent_name", "planner", "model_name", "gpt-4o"), 0.5225,
                k("model_cost_usd_total", "agent_name", "planner", "model_name", "claude-x"), 0.1));
        assertThat(family(m, "vigil_unpriced_calls_total")).containsExactlyEntriesOf(Map.of(
                k("vigil_unpriced_calls_total", "model_name", "claude-x"), 1.0));
        assertThat(family(m, "model_tokens_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("model_tokens_total", "agent_name", "planner", "direction", "input", "model_name", "gpt-4o"), 2000.0,
                k("model_tokens_total", "agent_name", "planner", "direction", "output", "model_name", "gpt-4o"), 3000.0,
                k("model_tokens_total", "agent_name", "planner", "direction", "input", "model_name", "claude-x"), 0.0,
                k("model_tokens_total", "agent_name", "planner", "direction", "output", "model_name", "claude-x"),
                0.0));
        // 80 ms is exactly the bound 0.08; 81.5 ms the next one; 0 ms the first; 100 s only +Inf.
        assertThat(buckets(m, "agent_call_latency_seconds", "agent_name", "planner", "model_name", "gpt-4o"))
                .containsEntry("0.04", 0.0).containsEntry("0.08", 1.0).containsEntry("0.16", 2.0)
                .containsEntry("81.92", 2.0).containsEntry("+Inf", 2.0).hasSize(15);
        assertThat(buckets(m, "agent_call_latency_seconds", "agent_name", "planner", "model_name", "claude-x"))
                .containsEntry("0.01", 1.0).containsEntry("81.92", 1.0).containsEntry("+Inf", 2.0);
        assertThat(m).containsEntry(k("agent_call_latency_seconds_sum", "agent_name", "planner", "model_name",
                "gpt-4o"), 0.1615).containsEntry(k("agent_call_latency_seconds_count", "agent_name", "planner",
                "model_name", "claude-x"), 2.0);
        assertThat(m).containsEntry(k("agent_call_success_ratio", "agent_name", "planner", "window", "5m"), 0.75)
                .containsEntry(k("agent_call_success_ratio", "agent_name", "planner", "window", "1h"), 0.75);

        // With claude-x in the price table too, c3 is priced (0 tokens → 0 USD) and nothing is unpriced.
        TruthSettings.ModelPrice claude = new TruthSettings.ModelPrice(3.0, 15.0);
        Map<String, Double> priced = s.run(ONE.withModelPrices(Map.of("claude-x", claude, "gpt-4o",
                new TruthSettings.ModelPrice(2.5, 10.0))));
        assertThat(family(priced, "vigil_unpriced_calls_total")).isEmpty();
        assertThat(priced).containsEntry(k("model_cost_usd_total", "agent_name", "planner", "model_name", "gpt-4o"),
                0.5225);
        // The table is replaced whole: without gpt-4o, c1 is unpriced (+0) and c2 still carries its 0.5.
        Map<String, Double> claudeOnly = s.run(ONE.withModelPrices(Map.of("claude-x", claude)));
        assertThat(family(claudeOnly, "vigil_unpriced_calls_total")).containsExactlyEntriesOf(Map.of(
                k("vigil_unpriced_calls_total", "model_name", "gpt-4o"), 1.0));
        assertThat(claudeOnly).containsEntry(k("model_cost_usd_total", "agent_name", "planner", "model_name",
                "gpt-4o"), 0.5);
    }

    // ------------------------------------------------------------------------------------------------ leases

    @Test
    void leasesReleasedNormallyOrWithReasonExpired() {
        Scenario s = new Scenario()
                .acquired("L1", "browser", 0)
                .released("L1", "browser", 12.5, "reason", "released")
                // No agent_name → "unknown"; released with reason expired before its TTL: held released − acquired.
                .acquired("L2", "gpu", 1, "agent_name", null, "ttl_ms", 60_000L)
                .released("L2", "gpu", 30, "reason", "expired")
                // A second acquired and a second release change nothing.
                .acquired("L3", "browser", 2)
                .acquired("L3", "browser", 3)
                .released("L3", "browser", 5)
                .released("L3", "browser", 6, "reason", "expired");
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "active_leases")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("active_leases", "pool", "browser", "agent_name", "browser-agent"), 0.0,
                k("active_leases", "pool", "gpu", "agent_name", "unknown"), 0.0));
        assertThat(m).containsEntry(k("lease_held_seconds_count", "pool", "browser"), 2.0)
                .containsEntry(k("lease_held_seconds_sum", "pool", "browser"), 15.5)
                .containsEntry(k("lease_held_seconds_count", "pool", "gpu"), 1.0)
                .containsEntry(k("lease_held_seconds_sum", "pool", "gpu"), 29.0);
        assertThat(family(m, "lease_expired_total")).containsExactlyEntriesOf(Map.of(
                k("lease_expired_total", "pool", "gpu"), 1.0));
    }

    @Test
    void aLeaseReleasedBeforeItsAcquiredIsNeverActive() {
        Scenario s = new Scenario()
                .released("L4", "gpu-as-released", 10, "reason", "expired") // counted now, with the release's pool
                .acquired("L4", "gpu", 4, "ttl_ms", 1_000L)                 // held 10 − 4, with the acquired's pool
                .released("L5", "browser", 20)
                .acquired("L5", "browser", 25)                              // held max(0, 20 − 25)
                .pool("gpu", 2_000, "capacity", 4L);                        // stream time far past L4's TTL
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "active_leases")).isEmpty();
        assertThat(family(m, "lease_expired_total")).containsExactlyEntriesOf(Map.of(
                k("lease_expired_total", "pool", "gpu-as-released"), 1.0));
        assertThat(m).containsEntry(k("lease_held_seconds_sum", "pool", "gpu"), 6.0)
                .containsEntry(k("lease_held_seconds_count", "pool", "gpu"), 1.0)
                .containsEntry(k("lease_held_seconds_sum", "pool", "browser"), 0.0);
        assertThat(buckets(m, "lease_held_seconds", "pool", "browser")).containsEntry("0.05", 1.0);
    }

    @Test
    void aLeaseExpiresByTheStreamTimeOfItsOwnPartitionOnly() {
        int parts = 2;
        String lease = keyIn("lease-", 0, parts);
        String here = keyIn("call-", 0, parts);
        String there = keyIn("call-", 1, parts);
        Scenario s = new Scenario().acquired(lease, "browser", 0, "ttl_ms", 60_000L);
        MetricsOracle o = new MetricsOracle(TruthSettings.defaults(parts));
        s.records().forEach(o::accept);
        String active = k("active_leases", "pool", "browser", "agent_name", "browser-agent");

        // Traffic in the other partition, far past the TTL: the idle partition keeps its lease.
        s.call(there, "planner", "gpt-4o", "ok", 1_000);
        o.accept(s.last());
        assertThat(o.samples()).containsEntry(active, 1.0).doesNotContainKey(k("lease_expired_total", "pool",
                "browser"));
        assertThat(o.streamTime(1)).isEqualTo(Scenario.ms(1_000));
        assertThat(o.streamTime(0)).isEqualTo(Scenario.ms(0));

        // Its own partition, just before the expiry: still held.
        s.call(keyIn("call-b", 0, parts), "planner", "gpt-4o", "ok", 59.999);
        o.accept(s.last());
        assertThat(o.leaseState(lease)).isEqualTo("active");

        // At the expiry (stream time = acquired + ttl): expired before the arriving event is applied.
        s.call(here, "planner", "gpt-4o", "ok", 60);
        o.accept(s.last());
        assertThat(o.leaseState(lease)).isEqualTo("ended");
        Map<String, Double> m = o.samples();
        assertThat(m).containsEntry(active, 0.0)
                .containsEntry(k("lease_expired_total", "pool", "browser"), 1.0)
                .containsEntry(k("lease_held_seconds_sum", "pool", "browser"), 60.0);

        // A release after the TTL expiry changes nothing.
        s.released(lease, "browser", 61, "reason", "expired");
        o.accept(s.last());
        assertThat(o.samples()).isEqualTo(m);
        assertThat(MetricsOracle.compute(TruthSettings.defaults(parts), s.records())).isEqualTo(m);
    }

    @Test
    void aDuplicateMovesStreamTimeButOnlyTheNextAcceptedEventExpires() {
        Scenario s = new Scenario()
                .acquired("L", "gpu", 0, "ttl_ms", 10_000L)
                .published(EventType.CALL_COMPLETED, null, 1, "call_id", "c1", "agent_name", "a", "capability",
                        "plan", "model_name", "m", "status", "ok", "latency_ms", 1L, "input_tokens", 0L,
                        "output_tokens", 0L)   // no time attribute: event time = record timestamp
                .resend(1, 50);                // a duplicate, whose event time is its own timestamp (50 s)
        MetricsOracle o = new MetricsOracle(ONE);
        s.records().forEach(o::accept);
        assertThat(o.streamTime(0)).isEqualTo(Scenario.ms(50));
        assertThat(o.leaseState("L")).isEqualTo("active");
        assertThat(o.samples()).containsEntry(k("agent_call_total", "agent_name", "a", "capability", "plan",
                "model_name", "m", "status", "ok"), 1.0);

        s.call("c2", "a", "m", "ok", 2); // accepted; 48 s behind stream time: not late
        o.accept(s.last());
        assertThat(o.leaseState("L")).isEqualTo("ended");
        assertThat(o.samples()).containsEntry(k("lease_held_seconds_sum", "pool", "gpu"), 10.0)
                .doesNotContainKey(k("vigil_late_events_total", "type", "agent.call.completed"));
    }

    @Test
    void anAcquiredArrivingAfterItsExpiryIsActiveUntilTheNextEvent() {
        Scenario s = new Scenario()
                .call("c1", "a", "m", "ok", 100)
                .acquired("L", "gpu", 0, "ttl_ms", 10_000L);
        MetricsOracle o = new MetricsOracle(ONE);
        s.records().forEach(o::accept);
        assertThat(o.samples()).containsEntry(k("active_leases", "pool", "gpu", "agent_name", "browser-agent"), 1.0);
        s.call("c2", "a", "m", "ok", 101);
        o.accept(s.last());
        assertThat(o.samples()).containsEntry(k("active_leases", "pool", "gpu", "agent_name", "browser-agent"), 0.0)
                .containsEntry(k("lease_held_seconds_sum", "pool", "gpu"), 10.0);
    }

    @Test
    void invalidRecordsNeverMoveStreamTimeNorCount() {
        Scenario s = new Scenario()
                .acquired("L", "gpu", 0, "ttl_ms", 10_000L)
                .invalid("L", 5_000)
                .invalid("c9", 6_000)
                .call("c1", "a", "m", "ok", 1);
        MetricsOracle o = new MetricsOracle(ONE);
        s.records().forEach(o::accept);
        assertThat(o.records()).isEqualTo(4);
        assertThat(o.streamTime(0)).isEqualTo(Scenario.ms(1));
        assertThat(o.leaseState("L")).isEqualTo("active");
        assertThat(family(o.samples(), "agent_call_total")).hasSize(1);
    }

    // ------------------------------------------------------------------------------------------------- pools

    @Test
    void withoutEventsOnlyConfiguredPoolsAreShown() {
        assertThat(new Scenario().run(ONE)).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("pool_capacity", "pool", "browser"), 20.0,
                k("lease_utilization", "pool", "browser"), 0.0,
                "browser_pool_available", 20.0));
        assertThat(new Scenario().run(ONE.withPoolCapacities(Map.of()))).isEmpty();
    }

    @Test
    void theLatestPoolStatusWinsAndAbsentFieldsAreKept() {
        Scenario s = new Scenario()
                .pool("gpu", 10, "capacity", 8L, "healthy", 6L)
                .pool("gpu", 5, "capacity", 100L, "healthy", 1L)  // older, arriving later: nothing
                .pool("gpu", 20, "capacity", 10L)                 // healthy absent: kept
                .pool("browser", 30, "capacity", 2L, "state", "degraded");
        Map<String, Double> m = s.run(ONE);
        assertThat(m).containsEntry(k("pool_capacity", "pool", "gpu"), 10.0)
                .containsEntry(k("pool_healthy", "pool", "gpu"), 6.0)
                .containsEntry(k("pool_capacity", "pool", "browser"), 2.0)
                .doesNotContainKey(k("pool_healthy", "pool", "browser")); // no status gave healthy
        s.pool("gpu", 20, "capacity", 12L, "healthy", 9L);                 // same time: the later arrival wins
        m = s.run(ONE);
        assertThat(m).containsEntry(k("pool_capacity", "pool", "gpu"), 12.0)
                .containsEntry(k("pool_healthy", "pool", "gpu"), 9.0);
    }

    @Test
    void derivedPoolGauges() {
        Scenario s = new Scenario()
                .pool("browser", 0, "capacity", 2L)
                .pool("gpu", 0, "capacity", 12L, "healthy", 0L)
                .acquired("b1", "browser", 1)
                .acquired("b2", "browser", 1, "agent_name", "other")
                .acquired("b3", "browser", 1)
                .acquired("g1", "gpu", 1)
                .acquired("g2", "gpu", 1)
                .acquired("g3", "gpu", 1, "agent_name", null)
                .acquired("t1", "tpu", 1);                        // no capacity known for tpu
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "lease_utilization")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("lease_utilization", "pool", "browser"), 1.5,   // oversubscribed: above 1
                k("lease_utilization", "pool", "gpu"), 0.25));
        assertThat(m).containsEntry("browser_pool_available", 0.0)      // max(0, 2 − 3)
                .containsEntry(k("pool_healthy", "pool", "gpu"), 0.0)
                .containsEntry(k("active_leases", "pool", "tpu", "agent_name", "browser-agent"), 1.0)
                .doesNotContainKey(k("pool_capacity", "pool", "tpu"));
        assertThat(s.run(ONE.withBrowserPool("gpu"))).containsEntry("browser_pool_available", 9.0);
        assertThat(s.run(ONE.withBrowserPool("tpu"))).doesNotContainKey("browser_pool_available");

        s.pool("gpu", 2, "capacity", 0L).released("b1", "browser", 3);
        m = s.run(ONE);
        assertThat(family(m, "lease_utilization")).containsExactlyEntriesOf(Map.of(
                k("lease_utilization", "pool", "browser"), 1.0));  // capacity 0: absent
        assertThat(m).containsEntry(k("pool_capacity", "pool", "gpu"), 0.0)
                .containsEntry("browser_pool_available", 0.0);
    }

    // ---------------------------------------------------------------------------------------- late and ratios

    @Test
    void aLateEventIsCountedAndLeftOutOfTheWindowsOnly() {
        Scenario s = new Scenario()
                .call("c1", "a", "m", "ok", 1_000)
                .call("c2", "a", "m", "error", 699.999)   // before stream time − 5 m: late
                .call("c3", "a", "m", "error", 700)       // exactly stream time − grace: not late
                .task("t1", "submitted", 1_000.5)
                .task("t1", "failed", 600)                // late terminal
                .pool("gpu", 100, "capacity", 3L);        // late, applied anyway
        Map<String, Double> m = s.run(ONE);
        assertThat(family(m, "vigil_late_events_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("vigil_late_events_total", "type", "agent.call.completed"), 1.0,
                k("vigil_late_events_total", "type", "agent.task.status_changed"), 1.0,
                k("vigil_late_events_total", "type", "agent.pool.status"), 1.0));
        assertThat(m).containsEntry(k("agent_call_total", "agent_name", "a", "capability", "plan", "model_name", "m",
                "status", "error"), 2.0).containsEntry(k("task_total", "status", "failed"), 1.0)
                .containsEntry(k("pool_capacity", "pool", "gpu"), 3.0)
                .containsEntry(k("task_duration_seconds_sum", "status", "failed"), 0.0);
        // The 5 m window ends with the clock's minute (t = 1000 s): c3 at 700 s is in an older bucket; the 1 h
        // window (12-minute buckets) holds c1 and c3 but not the late c2.
        assertThat(m).containsEntry(k("agent_call_success_ratio", "agent_name", "a", "window", "5m"), 1.0)
                .containsEntry(k("agent_call_success_ratio", "agent_name", "a", "window", "1h"), 0.5);
        assertThat(family(m, "task_success_ratio")).isEmpty(); // its only terminal was late
        assertThat(s.run(ONE.withGrace(Duration.ofMinutes(10)))).doesNotContainKey(k("vigil_late_events_total",
                "type", "agent.call.completed")).containsEntry(k("task_success_ratio", "window", "1h"), 0.0);
    }

    @Test
    void latenessIsJudgedInTheEventsOwnPartition() {
        int parts = 2;
        Scenario s = new Scenario()
                .call(keyIn("c", 1, parts), "a", "m", "ok", 10_000)
                .call(keyIn("c", 0, parts), "a", "m", "error", 1);
        Map<String, Double> m = s.run(TruthSettings.defaults(parts));
        assertThat(family(m, "vigil_late_events_total")).isEmpty();
        assertThat(s.run(ONE)).containsEntry(k("vigil_late_events_total", "type", "agent.call.completed"), 1.0);
    }

    @Test
    void ratiosUseEpochAlignedBucketsAndOneClockPerMetric() {
        Scenario s = new Scenario()
                .call("c1", "a", "m", "ok", 0)
                .call("c2", "a", "m", "error", 59.999)  // same minute bucket as c1
                .call("c3", "b", "m", "ok", 60);         // the next one
        Map<String, Double> m = s.run(ONE);
        assertThat(m).containsEntry(k("agent_call_success_ratio", "agent_name", "a", "window", "5m"), 0.5)
                .containsEntry(k("agent_call_success_ratio", "agent_name", "b", "window", "5m"), 1.0);

        // The clock moves to 300 s (bucket 5 of 60 s): a's only bucket (0) leaves the 5 m window, so a's 5 m
        // ratio is absent; the 1 h window (buckets of 720 s) still holds it.
        s.call("c4", "b", "m", "ok", 300).task("t", "failed", 10);
        m = s.run(ONE);
        assertThat(m).doesNotContainKey(k("agent_call_success_ratio", "agent_name", "a", "window", "5m"))
                .containsEntry(k("agent_call_success_ratio", "agent_name", "a", "window", "1h"), 0.5)
                .containsEntry(k("agent_call_success_ratio", "agent_name", "b", "window", "5m"), 1.0)
                .containsEntry(k("agent_call_success_ratio", "agent_name", "b", "window", "1h"), 1.0);
        // The task ratio has its own clock (10 s), untouched by the calls'.
        assertThat(m).containsEntry(k("task_success_ratio", "window", "5m"), 0.0);

        // Custom windows: labels written the Prometheus way, buckets of a fifth.
        Map<String, Double> custom = s.run(ONE.withWindows(java.util.List.of(Duration.ofSeconds(100),
                Duration.ofMinutes(90))));
        assertThat(custom).containsEntry(k("agent_call_success_ratio", "agent_name", "b", "window", "1m40s"), 1.0)
                .containsEntry(k("agent_call_success_ratio", "agent_name", "a", "window", "1h30m"), 0.5)
                .doesNotContainKey(k("agent_call_success_ratio", "agent_name", "a", "window", "1m40s"));
    }

    // --------------------------------------------------------------------------------------------------- cap

    @Test
    void labelSetsBeyondTheCapAreFoldedIntoOther() {
        TruthSettings cap2 = ONE.withMaxSeriesPerMetric(2);
        Scenario s = new Scenario()
                .call("c1", "a", "m1", "ok", 0)
                .call("c2", "b", "m1", "ok", 1)
                .call("c3", "c", "m2", "error", 2)  // third label set: folded, status kept
                .call("c4", "a", "m1", "ok", 3)     // admitted before: stays
                .call("c5", "c", "m2", "ok", 4)     // folds the same way (its own status)
                .task("t1", "submitted", 0).task("t1", "succeeded", 1).task("t2", "submitted", 0)
                .task("t2", "failed", 1);           // enumerated labels only: the "folded" set is itself
        Map<String, Double> m = s.run(cap2);
        assertThat(family(m, "agent_call_total")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("agent_call_total", "agent_name", "a", "capability", "plan", "model_name", "m1", "status", "ok"), 2.0,
                k("agent_call_total", "agent_name", "b", "capability", "plan", "model_name", "m1", "status", "ok"), 1.0,
                k("agent_call_total", "agent_name", "__other__", "capability", "__other__", "model_name", "__other__",
                        "status", "error"), 1.0,
                k("agent_call_total", "agent_name", "__other__", "capability", "__other__", "model_name", "__other__",
                        "status", "ok"), 1.0));
        // Ratios: the window is part of the label set; a's two windows fill the cap.
        assertThat(family(m, "agent_call_success_ratio")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("agent_call_success_ratio", "agent_name", "a", "window", "5m"), 1.0,
                k("agent_call_success_ratio", "agent_name", "a", "window", "1h"), 1.0,
                k("agent_call_success_ratio", "agent_name", "__other__", "window", "5m"), 2.0 / 3,
                k("agent_call_success_ratio", "agent_name", "__other__", "window", "1h"), 2.0 / 3));
        assertThat(family(m, "task_total")).hasSize(3).containsEntry(k("task_total", "status", "failed"), 1.0);
        assertThat(family(m, "vigil_unpriced_calls_total")).hasSize(2);

        // Configured pools are admitted first.
        Map<String, Double> pools = new Scenario().pool("gpu", 0, "capacity", 4L)
                .run(ONE.withMaxSeriesPerMetric(1));
        assertThat(family(pools, "pool_capacity")).containsExactlyInAnyOrderEntriesOf(Map.of(
                k("pool_capacity", "pool", "browser"), 20.0, k("pool_capacity", "pool", "__other__"), 4.0));
    }

    // ------------------------------------------------------------------------------------------- histograms

    @Test
    void histogramBucketsAreCumulativeWithTheConfiguredBounds() {
        Scenario s = new Scenario()
                .task("a", "succeeded", 0, "duration_ms", 50L)          // exactly 0.05
                .task("b", "succeeded", 0, "duration_ms", 50.001)       // just above
                .task("c", "succeeded", 0, "duration_ms", 3_600_000L)   // exactly the last bound
                .task("d", "succeeded", 0, "duration_ms", 3_600_001L);  // only +Inf
        Map<String, Double> m = s.run(ONE);
        Map<String, Double> b = family(m, "task_duration_seconds");
        assertThat(b).hasSize(15 + 1 + 2)
                .containsEntry(k("task_duration_seconds_bucket", "status", "succeeded", "le", "0.05"), 1.0)
                .containsEntry(k("task_duration_seconds_bucket", "status", "succeeded", "le", "0.1"), 2.0)
                .containsEntry(k("task_duration_seconds_bucket", "status", "succeeded", "le", "1800.0"), 2.0)
                .containsEntry(k("task_duration_seconds_bucket", "status", "succeeded", "le", "3600.0"), 3.0)
                .containsEntry(k("task_duration_seconds_bucket", "status", "succeeded", "le", "+Inf"), 4.0)
                .containsEntry(k("task_duration_seconds_count", "status", "succeeded"), 4.0)
                .containsEntry(k("task_duration_seconds_sum", "status", "succeeded"), 7200.101001);
        Map<String, Double> custom = s.run(ONE.withDurationBuckets(java.util.List.of(0.05, 7200.0)));
        assertThat(family(custom, "task_duration_seconds")).hasSize(2 + 1 + 2)
                .containsEntry(k("task_duration_seconds_bucket", "status", "succeeded", "le", "7200.0"), 4.0);
    }

    // --------------------------------------------------------------------------------------------------- dedup

    @Test
    void duplicatesAreDroppedAndMustBeMarkedSo() {
        Scenario s = new Scenario().task("t", "submitted", 0).resend(0, 1).task("t", "failed", 2).resend(2, 3);
        Map<String, Double> m = s.run(ONE);
        assertThat(m).containsEntry(k("task_total", "status", "submitted"), 1.0)
                .containsEntry(k("task_total", "status", "failed"), 1.0);

        SimRecord original = s.records().get(0);
        SimRecord unmarked = new SimRecord(original.key(), original.value(), original.headers(),
                Expected.valid(Outcome.ACCEPTED, ContentMode.BINARY, original.expected().event()), Scenario.ms(5));
        MetricsOracle o = new MetricsOracle(ONE);
        o.accept(original);
        assertThatThrownBy(() -> o.accept(unmarked)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
        SimRecord fresh = new Scenario().task("u", "submitted", 0).records().get(0);
        SimRecord wronglyMarked = new SimRecord(fresh.key(), fresh.value(), fresh.headers(),
                Expected.valid(Outcome.DUPLICATE, ContentMode.BINARY, new SimEvent("test", "new-id",
                        EventType.TASK_STATUS_CHANGED, null, null, null, null, "u", Map.of("task_id", "u",
                        "status", "submitted"))), Scenario.ms(5));
        assertThatThrownBy(() -> new MetricsOracle(ONE).accept(wronglyMarked))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new");
    }

    @Test
    void aRepeatBeyondTheDedupHorizonCountsAgain() {
        TruthSettings hour = ONE.withDedupHorizon(Duration.ofHours(1));
        Scenario s = new Scenario().call("c1", "a", "m", "ok", 0).call("c2", "a", "m", "ok", 3_601);
        SimRecord first = s.records().get(0);
        SimRecord repeat = new SimRecord(first.key(), first.value(), first.headers(),
                Expected.valid(Outcome.ACCEPTED, ContentMode.BINARY, first.expected().event()), Scenario.ms(3_602));
        MetricsOracle o = new MetricsOracle(hour);
        s.records().forEach(o::accept);
        o.accept(repeat);
        assertThat(o.samples()).containsEntry(k("agent_call_total", "agent_name", "a", "capability", "plan",
                "model_name", "m", "status", "ok"), 3.0)
                .containsEntry(k("vigil_late_events_total", "type", "agent.call.completed"), 1.0);
    }

    @Test
    void entityKeysAndPartitionsAreKafkasDefault() {
        for (int i = 0; i < 2_000; i++) {
            String key = "task-" + Integer.toHexString(i * 7919);
            byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int n : new int[] {1, 3, 12}) {
                assertThat(MetricsOracle.partition(key, n)).isEqualTo(
                        org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(bytes, n));
            }
        }
        SimEvent step = new SimEvent("s", "1", EventType.STEP_STATUS_CHANGED, null, null, null, null, "T",
                Map.of("task_id", "T", "step_id", "s"));
        assertThat(MetricsOracle.entityKey(step)).isEqualTo("T");
    }
}
