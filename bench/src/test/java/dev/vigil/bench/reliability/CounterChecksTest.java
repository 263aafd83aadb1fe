package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterChecksTest {
    private static String page(double events, double bucket, double kafka, String extra) {
        return "# TYPE vigil_events_total counter\n"
                + "vigil_events_total{outcome=\"accepted\",type=\"agent.pool.status\"} " + events + "\n"
                + "# TYPE agent_call_latency_seconds histogram\n"
                + "agent_call_latency_seconds_bucket{le=\"+Inf\"} " + bucket + "\n"
                + "agent_call_latency_seconds_count " + bucket + "\n"
                + "agent_call_latency_seconds_sum 0.5\n"
                + "# TYPE kafka_consumer_fetch_total counter\n"
                + "kafka_consumer_fetch_total " + kafka + "\n"
                + "# TYPE active_leases gauge\n"
                + "active_leases 3.0\n" + extra;
    }

    @Test
    void counterAndHistogramSamplesThatGoUpPass() {
        CounterChecks c = new CounterChecks();
        c.scrape(page(1, 1, 5, ""), 0);
        c.scrape(page(2, 3, 0, "active_leases 1.0\n"), 1);
        assertThat(c.violations()).isEmpty();
        assertThat(c.samplesSeen()).isEqualTo(3);
    }

    @Test
    void aCounterOrBucketThatGoesDownOrIsNotFiniteIsAViolation() {
        CounterChecks c = new CounterChecks();
        c.scrape(page(2, 3, 5, ""), 0);
        c.scrape(page(1, 2, 5, ""), 1);
        c.scrape(page(Double.NaN, 2, 5, ""), 2);
        assertThat(c.violations()).hasSize(4)
                .anyMatch(v -> v.contains("vigil_events_total") && v.contains("went down from 2.0 to 1.0"))
                .anyMatch(v -> v.contains("agent_call_latency_seconds_bucket") && v.contains("went down"))
                .anyMatch(v -> v.contains("agent_call_latency_seconds_count") && v.contains("went down"))
                .anyMatch(v -> v.contains("vigil_events_total") && v.contains("is NaN"));
    }

    @Test
    void totalsCompareOutcomesWithTheDeadLetters() {
        String end = "vigil_events_total{outcome=\"accepted\",type=\"x\"} 5\n"
                + "vigil_events_total{outcome=\"invalid\",type=\"unknown\"} 3\n"
                + "vigil_dlq_total{reason=\"bad_json\"} 3\n";
        assertThat(CounterChecks.totals(end, 8, 3)).isEmpty();
        assertThat(CounterChecks.totals(end, 9, 2)).hasSize(3);
        assertThat(CounterChecks.outcomes(end)).containsEntry("hostile_accepted", 5L)
                .containsEntry("hostile_invalid", 3L).containsEntry("hostile_duplicate", 0L);
    }
}
