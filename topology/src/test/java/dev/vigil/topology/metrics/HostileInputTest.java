package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.T0;
import static dev.vigil.topology.metrics.Events.acquired;
import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.min;
import static dev.vigil.topology.metrics.Events.poolStatus;
import static dev.vigil.topology.metrics.Events.step;
import static dev.vigil.topology.metrics.Events.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.serdes.DeadLetters;
import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.SelfMetricKey.Outcome;
import dev.vigil.topology.StoreNames;
import dev.vigil.topology.metrics.Events.Event;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Hostile but well-formed input: event times far ahead of or far behind their records (a producer
 * whose clock or time zone is wrong), and numbers at and just beyond their bounds. Runs in both
 * keying modes, like every test of this package. Each event here sets its record timestamp
 * explicitly where the skew between the two matters.
 */
class HostileInputTest extends MetricsTopologyTest {
    private static final String CALL_TYPE = "agent.call.completed";

    @Test
    void anEventTwelveHoursAheadOfItsRecordIsDeadLetteredAndMovesNoClock() {
        // The local time of T0 written with offset -12:00 where +00:00 was meant: T0 + 12 h.
        Event future = task("t-future", "submitted").timeText("2026-01-15T10:00:00-12:00").recordAt(T0);
        send(future);
        send(task("t1", "submitted").at(min(1)).recordAt(min(1)),
                acquired("l1", "browser").with("ttl_ms", 120_000).at(min(1)).recordAt(min(1)),
                call("c1", "planner", "ok").at(min(2)).recordAt(min(2)));

        List<TestRecord<byte[], byte[]>> dlq = vigil().deadLetters();
        assertThat(dlq).hasSize(1);
        assertThat(header(dlq.get(0), DeadLetters.REASON)).isEqualTo("time_in_future");
        assertThat(header(dlq.get(0), DeadLetters.DETAIL)).isEqualTo("time: 2026-01-15T22:00:00Z is 12h later than"
                + " the record's timestamp 2026-01-15T10:00:00Z; aggregates.max_future_skew allows 5m");
        // The dead letter keeps the input record's timestamp, which the broker already accepted.
        assertThat(dlq.get(0).timestamp()).isEqualTo(T0.toEpochMilli());
        assertThat(selfCount(StoreNames.INGEST_OUTCOMES,
                new SelfMetricKey.DeadLetters("time_in_future").encode())).isEqualTo(1);
        assertThat(selfCount(StoreNames.INGEST_OUTCOMES,
                new SelfMetricKey.Events("agent.task.status_changed", Outcome.INVALID).encode())).isEqualTo(1);
        // Had the future event moved the clock, these would be late and the lease expired.
        scrape().assertIncludes("""
                task_total{status="submitted"} 1
                active_leases{pool="browser",agent_name="unknown"} 1
                lease_expired_total{pool="browser"} absent
                vigil_late_events_total{type="agent.task.status_changed"} absent
                vigil_late_events_total{type="agent.call.completed"} absent
                """);
    }

    @Test
    void theSkewBoundIsInclusive() {
        Instant record = T0.plus(Duration.ofHours(1));
        send(call("c-at", "planner", "ok").at(record.plus(Duration.ofMinutes(5))).recordAt(record),
                call("c-over", "planner", "ok").at(record.plus(Duration.ofMinutes(5)).plusMillis(1)).recordAt(record));

        List<TestRecord<byte[], byte[]>> dlq = vigil().deadLetters();
        assertThat(dlq).hasSize(1);
        assertThat(header(dlq.get(0), DeadLetters.DETAIL)).startsWith("time: 2026-01-15T11:05:00.001Z is 5m0.001s later");
        scrape().assertIncludes("agent_call_total{agent_name=\"planner\",capability=\"chat\",model_name=\"gpt-4o\","
                + "status=\"ok\"} 1");
    }

    @Test
    void aMaxFutureSkewOfZeroRefusesAnyEventAheadOfItsRecord() {
        configure("aggregates: {max_future_skew: 0s}");
        send(call("c-now", "planner", "ok").at(T0).recordAt(T0),
                call("c-ahead", "planner", "ok").at(T0.plusMillis(1)).recordAt(T0));

        assertThat(vigil().deadLetters()).extracting(r -> header(r, DeadLetters.REASON))
                .containsExactly("time_in_future");
    }

    @Test
    void timeInFutureIsJudgedLast() {
        // Both too far ahead and missing a required field: the data problem is the reason.
        send(call("c1", "planner", "ok").with("latency_ms", null).at(T0.plus(Duration.ofDays(1))).recordAt(T0));

        List<TestRecord<byte[], byte[]>> dlq = vigil().deadLetters();
        assertThat(header(dlq.get(0), DeadLetters.REASON)).isEqualTo("invalid_data");
        assertThat(header(dlq.get(0), DeadLetters.DETAIL)).startsWith("data.latency_ms: missing");
    }

    @Test
    void year9999IsInTheFutureAndYear1IsLate() {
        send(task("t-9999", "submitted").timeText("9999-12-31T23:59:59.999999999-23:59").recordAt(T0),
                task("t1", "submitted").at(min(10)).recordAt(min(10)),
                call("c-year1", "planner", "ok").timeText("0001-01-01T00:00:00+23:59").recordAt(min(10)),
                call("c-1969", "planner", "ok").timeText("1969-12-31T23:59:59.999999999Z").recordAt(min(10)));

        assertThat(vigil().deadLetters()).extracting(r -> header(r, DeadLetters.REASON))
                .containsExactly("time_in_future");
        scrape().assertIncludes("""
                task_total{status="submitted"} 1
                vigil_late_events_total{type="agent.call.completed"} 2
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 2
                """);
    }

    @Test
    void aPartitionWhoseFirstEventIsFromYear1KeepsWorking() {
        // Year 1 first: the clock starts there (far below 0), and a lease acquired then expires as
        // soon as today's traffic moves the clock past its TTL.
        send(acquired("l-old", "browser").with("ttl_ms", 60_000).timeText("0001-03-01T00:00:00Z").recordAt(T0),
                task("t-old", "submitted").timeText("0001-03-01T00:00:01Z").recordAt(T0),
                task("t-old", "succeeded").timeText("0001-03-01T00:00:03.5Z").recordAt(T0),
                call("c-now", "planner", "ok").at(T0).recordAt(T0));

        assertThat(vigil().deadLetters()).isEmpty();
        scrape().assertIncludes("""
                task_total{status="succeeded"} 1
                task_duration_seconds_sum{status="succeeded"} 2.5
                lease_expired_total{pool="browser"} 1
                lease_held_seconds_sum{pool="browser"} 60
                agent_call_total{agent_name="planner",capability="chat",model_name="gpt-4o",status="ok"} 1
                """);
    }

    @Test
    void offsetsFractionsAndLeapDaysAreReadExactly() {
        send(task("t1", "submitted").timeText("2024-02-29T23:59:59.123456789+23:59").recordAt(T0),
                task("t1", "succeeded").timeText("2024-02-29T00:01:00.623456789-00:01").recordAt(T0),
                task("t2", "submitted").timeText("2023-02-29T10:00:00Z").recordAt(T0));

        List<TestRecord<byte[], byte[]>> dlq = vigil().deadLetters();
        assertThat(dlq).hasSize(1);
        assertThat(header(dlq.get(0), DeadLetters.REASON)).isEqualTo("invalid_data");
        assertThat(header(dlq.get(0), DeadLetters.DETAIL)).startsWith("time:");
        // 2024-02-29T00:00:59.123456789Z to 2024-02-29T00:02:00.623456789Z: 61.5 s (milliseconds kept).
        scrape().assertIncludes("task_duration_seconds_sum{status=\"succeeded\"} 61.5");
    }

    @Test
    void twoCostsOf1e308AreDeadLetteredAndTheCounterStaysFinite() {
        send(call("c1", "planner", "ok").with("cost_usd", 1e308), call("c2", "planner", "ok").with("cost_usd", 1e308),
                call("c3", "planner", "ok").with("cost_usd", 1_000_000), call("c4", "planner", "ok").with("cost_usd",
                        1_000_000));

        List<TestRecord<byte[], byte[]>> dlq = vigil().deadLetters();
        assertThat(dlq).extracting(r -> header(r, DeadLetters.DETAIL)).containsExactly(
                "data.cost_usd: 1.0E308 is above the maximum 1000000",
                "data.cost_usd: 1.0E308 is above the maximum 1000000");
        scrape().assertIncludes("model_cost_usd_total{agent_name=\"planner\",model_name=\"gpt-4o\"} 2000000");
    }

    @Test
    void valuesJustAboveTheirBoundsAreInvalidDataNamingFieldAndBound() {
        send(call("c1", "planner", "ok").with("input_tokens", 1_000_000_001L),
                call("c2", "planner", "ok").with("latency_ms", 2_678_400_000.5),
                task("t1", "succeeded").with("duration_ms", 1e30),
                acquired("l1", "browser").with("ttl_ms", 31_536_000_001L),
                poolStatus("browser", 1_000_000_001L),
                poolStatus("browser", 4).with("healthy", 1_000_000_001L),
                step("t1", "s1", "queued", "planner", "search").with("attempt", 1_000_001));

        assertThat(vigil().deadLetters()).extracting(r -> header(r, DeadLetters.DETAIL)).containsExactly(
                "data.input_tokens: 1000000001 is above the maximum 1000000000",
                "data.latency_ms: 2.6784000005E9 is above the maximum 2678400000",
                "data.duration_ms: 1.0E30 is above the maximum 2678400000",
                "data.ttl_ms: 31536000001 is above the maximum 31536000000",
                "data.capacity: 1000000001 is above the maximum 1000000000",
                "data.healthy: 1000000001 is above the maximum 1000000000",
                "data.attempt: 1000001 is above the maximum 1000000");
        scrape().assertAbsent("agent_call_total", "task_total", "active_leases", "queue_depth");
        // The configured capacity (aggregates.pools), untouched by the refused status.
        scrape().assertIncludes("pool_capacity{pool=\"browser\"} 20");
    }

    @Test
    void maximaEverywhereKeepEveryValueFiniteAndEveryCounterGrowing() {
        Map<String, Double> previous = new HashMap<>();
        for (int round = 0; round < 20; round++) {
            Instant t = T0.plusSeconds(round);
            String n = Integer.toString(round);
            send(call("c" + n, "planner", "ok").with("cost_usd", 1_000_000).with("input_tokens", 1_000_000_000L)
                            .with("output_tokens", 1_000_000_000L).with("latency_ms", 2_678_400_000L).at(t),
                    task("t" + n, "submitted").at(t),
                    task("t" + n, "failed").with("duration_ms", 2_678_400_000L).at(t),
                    step("t" + n, "s", "failed", "planner", "search").with("attempt", 1_000_000)
                            .with("duration_ms", 2_678_400_000L).at(t),
                    acquired("l" + n, "browser").with("ttl_ms", 31_536_000_000L).at(t),
                    poolStatus("browser", 1_000_000_000L).with("healthy", 1_000_000_000L).at(t));
            Map<String, Double> now = scrape().samples();
            assertThat(now.values()).allSatisfy(v -> assertThat(v).isFinite());
            for (Map.Entry<String, Double> e : now.entrySet()) {
                if (e.getKey().contains("_total") || e.getKey().contains("_sum") || e.getKey().contains("_count")
                        || e.getKey().contains("_bucket")) {
                    assertThat(e.getValue()).as(e.getKey()).isGreaterThanOrEqualTo(previous.getOrDefault(e.getKey(), 0.0));
                }
            }
            previous = now;
        }
        assertThat(vigil().deadLetters()).isEmpty();
        assertThat(previous).containsEntry("model_cost_usd_total{agent_name=\"planner\",model_name=\"gpt-4o\"}", 2e7);
    }

    @Test
    void alertTimersRunOnEventTimeWhateverTheRecordTimestamps() {
        configure("""
                alerts:
                  rules:
                    - name: TooManyActiveTasks
                      metric: active_tasks
                      op: ">"
                      threshold: 0
                      for: 1m
                      severity: warning
                """);
        // Every record carries the same timestamp: only event time can move the rule's clock.
        send(task("t1", "submitted").at(T0).recordAt(T0));
        assertThat(vigil().alerts()).isEmpty();
        send(call("c1", "planner", "ok").at(T0.plusSeconds(30)).recordAt(T0));
        assertThat(vigil().alerts()).isEmpty();
        send(call("c2", "planner", "ok").at(T0.plusSeconds(61)).recordAt(T0));

        List<TestRecord<byte[], byte[]>> alerts = vigil().alerts();
        assertThat(alerts).hasSize(1);
        assertThat(new String(alerts.get(0).value(), StandardCharsets.UTF_8))
                .contains("TooManyActiveTasks").contains("\"state\":\"firing\"");
    }

    private long selfCount(String store, String key) {
        return vigil().selfCount(store, key);
    }

    private static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
