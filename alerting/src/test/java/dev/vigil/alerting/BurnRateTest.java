package dev.vigil.alerting;

import static dev.vigil.alerting.Harness.MIN;
import static dev.vigil.alerting.Harness.SEC;
import static dev.vigil.alerting.Harness.T0;
import static dev.vigil.alerting.Harness.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * burn_rate against an independent oracle: for every task observation, the oracle recounts each
 * window from the raw observation list and says whether some pair breaches; the engine must fire and
 * resolve exactly where the oracle's answer flips.
 */
class BurnRateTest {
    private static final long RESOLUTION = MIN; // a fifth of the shortest short window (5m)

    record Obs(long t, boolean ok) {
    }

    record Pair(long longMs, long shortMs, double factor) {
    }

    private static final List<Pair> PAIRS = List.of(new Pair(60 * MIN, 5 * MIN, 14.4), new Pair(360 * MIN, 30 * MIN, 6));

    /** The first breaching pair at the clock of the last observation, or null. */
    private static Pair oracle(List<Obs> seen, double objective, long minSamples) {
        long clock = seen.stream().mapToLong(Obs::t).max().orElseThrow();
        long last = Math.floorDiv(clock, RESOLUTION);
        for (Pair p : PAIRS) {
            double[] lng = rate(seen, last, p.longMs() / RESOLUTION);
            double[] shrt = rate(seen, last, p.shortMs() / RESOLUTION);
            double bound = p.factor() * (1 - objective);
            if (lng[1] >= Math.max(1, minSamples) && shrt[1] >= Math.max(1, minSamples)
                    && lng[0] / lng[1] > bound && shrt[0] / shrt[1] > bound) {
                return p;
            }
        }
        return null;
    }

    private static double[] rate(List<Obs> seen, long lastBucket, long buckets) {
        double errors = 0;
        double total = 0;
        for (Obs o : seen) {
            long b = Math.floorDiv(o.t(), RESOLUTION);
            if (b > lastBucket - buckets && b <= lastBucket) {
                total++;
                errors += o.ok() ? 0 : 1;
            }
        }
        return new double[] {errors, total};
    }

    /** Feeds the observations to engine and oracle; returns the engine's transitions after checking them. */
    private static List<AlertTransition> run(String rule, List<Obs> observations, double objective, long minSamples) {
        Harness h = new Harness(rule);
        List<Obs> seen = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<AlertTransition> all = new ArrayList<>();
        boolean firing = false;
        int sequence = 0;
        for (Obs o : observations) {
            seen.add(o);
            boolean breach = oracle(seen, objective, minSamples) != null;
            if (breach != firing) {
                firing = breach;
                sequence++;
                expected.add((firing ? "firing" : "resolved") + "#" + sequence + "@" + (o.t() - T0));
            }
            all.addAll(h.at(o.t() - T0, task(o.ok(), o.t() - T0)));
            all.addAll(h.tick(o.t() - T0));
        }
        List<String> got = all.stream()
                .map(t -> t.kind().state() + "#" + t.sequence() + "@" + (t.timeMs() - T0)).toList();
        assertThat(got).containsExactlyElementsOf(expected);
        AlertInstance inst = h.instance("SloBurn", Map.of());
        assertThat(inst.counts().size()).isLessThanOrEqualTo(360);
        return all;
    }

    @Test
    void fastBurnFiresOnTheOneHourPairAndTheShortWindowResetsIt() {
        // 7h of successes, one task a minute, then 15 minutes of failures, then successes again.
        List<Obs> obs = new ArrayList<>();
        for (long m = 0; m < 7 * 60 + 45; m++) {
            obs.add(new Obs(T0 + m * MIN, m < 7 * 60 || m >= 7 * 60 + 15));
        }
        List<AlertTransition> ts = run("""
                - name: SloBurn
                  kind: burn_rate
                  metric: task_success_ratio
                  objective: 0.99
                  annotations: {summary: "burning {{value}}x, pair {{threshold}}x"}
                """, obs, 0.99, 0);
        assertThat(ts).hasSize(2);
        AlertTransition firing = ts.get(0);
        assertThat(firing.window()).isEqualTo("1h");
        assertThat(firing.threshold()).isEqualTo(14.4);
        assertThat(firing.value()).isGreaterThan(14.4);
        assertThat(firing.samples()).isEqualTo(60);
        assertThat(firing.annotations().get("summary")).startsWith("burning ").endsWith(", pair 14.4x");
        // The short window resets it a few minutes after recovery, long before the 1h window forgets.
        assertThat(ts.get(1).timeMs()).isBetween(T0 + (7 * 60 + 15) * MIN, T0 + (7 * 60 + 22) * MIN);
    }

    @Test
    void withTheSameShortHistoryInBothLongWindowsTheLowerSixHourFactorFiresFirst() {
        List<Obs> obs = new ArrayList<>();
        long t = T0;
        for (int i = 0; t < T0 + 120 * MIN; i++, t += 10 * SEC) {
            boolean failing = t >= T0 + 30 * MIN && t < T0 + 60 * MIN;
            obs.add(new Obs(t, !(failing && i % 2 == 0)));
        }
        List<AlertTransition> ts = run("""
                - name: SloBurn
                  kind: burn_rate
                  metric: task_success_ratio
                  objective: 0.99
                """, obs, 0.99, 0);
        assertThat(ts).isNotEmpty();
        assertThat(ts.get(0).window()).isEqualTo("6h");
        assertThat(ts.get(0).threshold()).isEqualTo(6.0);
    }

    @Test
    void slowBurnFiresOnTheSixHourPairOnly() {
        List<Obs> obs = new ArrayList<>();
        long t = T0;
        for (int i = 0; t < T0 + 120 * MIN; i++, t += 6 * SEC) {
            obs.add(new Obs(t, i % 25 != 0 && i % 25 != 12)); // 8% errors
        }
        List<AlertTransition> ts = run("""
                - name: SloBurn
                  kind: burn_rate
                  metric: task_success_ratio
                  objective: 0.99
                  min_samples: 40
                """, obs, 0.99, 40);
        assertThat(ts).hasSize(1);
        assertThat(ts.get(0).window()).isEqualTo("6h");
        assertThat(ts.get(0).threshold()).isEqualTo(6.0);
        assertThat(ts.get(0).value()).isBetween(6.0, 14.4);
    }

    @Test
    void customWindowsAndAGroupPerLabelSet() {
        Harness h = new Harness("""
                - name: AgentBurn
                  kind: burn_rate
                  metric: agent_call_success_ratio
                  group_by: [agent_name]
                  objective: 0.9
                  windows: [{long: 10m, short: 1m, factor: 2}]
                """);
        assertThat(h.at(0, Harness.call("a", false, 0))).extracting(AlertTransition::labels)
                .containsExactly(new java.util.TreeMap<>(Map.of("agent_name", "a")));
        assertThat(h.at(SEC, Harness.call("b", true, SEC))).isEmpty();
        // a recovers: its 1m short window (12s buckets) empties of errors once the clock moves on
        List<AlertTransition> later = new ArrayList<>();
        for (long s = 2; s <= 80; s++) {
            later.addAll(h.at(s * SEC, Harness.call("a", true, s * SEC)));
        }
        // 1 error in 6 calls is below 2 × (1 − 0.9); 1 in 5 is not (factor × (1 − objective) in doubles)
        assertThat(Harness.brief(later)).containsExactly("resolved#2@6s");
    }
}
