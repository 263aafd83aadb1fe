package dev.vigil.bench.reliability;

import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.PrometheusSamples;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the crash runs share: measuring the drain rate at the start, a kill and restart with its
 * timings, and the end of a run, where the load stops, Vigil catches up, and every exact comparison
 * is made against the truth the load kept.
 */
final class Crashes {
    static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(5);
    private static final long POLL_NANOS = 100_000_000;

    private final RunContext context;
    private final String bootstrap;
    private final VigilYaml.Topics topics;
    /** Why the instance exited on its own, one entry per exit: what its log's last ERROR line said. */
    private final List<String> exits = new ArrayList<>();

    Crashes(RunContext context, String bootstrap, VigilYaml.Topics topics) {
        this.context = context;
        this.bootstrap = bootstrap;
        this.topics = topics;
    }

    /**
     * One restart: seconds from start to {@code /readyz} 200, and to having counted every record sent
     * before it (NaN if killed first); both include any exit and supervisor's restart on the way.
     */
    record Restart(int index, double readySeconds, double caughtUpSeconds) {
    }

    /** At most this many exits in a row after one kill before the run gives up: a crash loop, not a recovery. */
    static final int MAX_EXITS_PER_KILL = 3;

    /** The end of a run: the violations found, and what the comparisons covered. */
    record Verdict(List<String> violations, long records, long invalid, int alerts, int transitions) {
    }

    /**
     * Publishes {@code records} as fast as the producer goes, starts Vigil on them and measures how
     * fast it drains them; then sets the load to half that rate.
     *
     * @return the steady load's rate, records per second
     */
    double calibrate(TruthLoad load, VigilNode node, long records) {
        load.setRate(1_000_000);
        await("calibration records published", Duration.ofMinutes(5), () -> load.sent() >= records);
        load.setRate(0);
        long published = load.sent();
        node.start();
        node.awaitReady(READY_TIMEOUT);
        await("a first record counted", CATCH_UP_TIMEOUT, () -> counted(List.of(node)) > 0);
        long t0 = System.nanoTime();
        long first = counted(List.of(node));
        await("calibration records counted", CATCH_UP_TIMEOUT, () -> counted(List.of(node)) >= published);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double drainRate = (published - first) / seconds;
        context.say("[calibration] Vigil drained %,d records at %.0f records/s", published - first, drainRate);
        double steady = Math.max(100, drainRate / 2);
        load.setRate(steady);
        return steady;
    }

    /**
     * Lets the instance run for {@code delay} (seeded, so the moment is random but reproducible),
     * SIGKILLs it and starts it again at once. When it exits on its own (Vigil exits with status 1 when
     * Kafka Streams fails for good), it is started again as a supervisor would, and the exit is
     * recorded with its last ERROR line ({@link #exits()}).
     *
     * @param duringCatchUp kill as soon as it is ready again, while it is still catching up
     */
    Restart killAndRestart(TruthLoad load, VigilNode node, Duration delay, int index, int of, boolean duringCatchUp) {
        LockSupport.parkNanos(delay.toNanos());
        String label = String.format(Locale.ROOT, "[kill %d/%d]", index, of);
        if (node.isAlive()) {
            node.kill();
        } else {
            recordExit(node, label + " before its kill");
        }
        long sentBefore = load.sent();
        long startedNanos = System.nanoTime();
        int exitsBefore = exits.size();
        node.start();
        awaitSupervised(node, label, exitsBefore, "ready", READY_TIMEOUT, () -> node.readyz() == 200);
        double ready = (System.nanoTime() - startedNanos) / 1e9;
        double caughtUp = Double.NaN;
        if (!duringCatchUp) {
            awaitSupervised(node, label, exitsBefore, "caught up", CATCH_UP_TIMEOUT,
                    () -> counted(List.of(node)) >= sentBefore);
            caughtUp = (System.nanoTime() - startedNanos) / 1e9;
        }
        context.say("%s %s SIGKILLed after %.1f s; ready %.1f s after its restart, %s", label,
                node.name(), delay.toMillis() / 1e3, ready, Double.isNaN(caughtUp)
                        ? "killed again while catching up" : String.format(Locale.ROOT, "caught up after %.1f s", caughtUp));
        return new Restart(index, ready, caughtUp);
    }

    /** The exits of the instance on its own so far, each as its log's last ERROR line. */
    List<String> exits() {
        return List.copyOf(exits);
    }

    /**
     * Until {@code condition} holds, starting the instance again each time it exits on its own, as a
     * supervisor would; more than {@link #MAX_EXITS_PER_KILL} exits since {@code exitsBefore} is a crash
     * loop and ends the run.
     */
    private void awaitSupervised(VigilNode node, String label, int exitsBefore, String what, Duration timeout,
                                 BooleanSupplier condition) {
        await(node.name() + " " + what, timeout, () -> {
            if (node.isAlive()) {
                return condition.getAsBoolean();
            }
            recordExit(node, label + " before " + what);
            if (exits.size() - exitsBefore > MAX_EXITS_PER_KILL) {
                throw new IllegalStateException(node.name() + " exited " + (exits.size() - exitsBefore)
                        + " times in a row, a crash loop:\n" + node.logTail(40));
            }
            node.start();
            return false;
        });
    }

    private void recordExit(VigilNode node, String when) {
        String why = node.lastErrorLine();
        exits.add(why);
        context.say("%s %s exited (%d): %s; starting it again as a supervisor would", when, node.name(),
                node.exitValue(), why);
    }

    /**
     * Stops the load, waits until the instances have counted every record and their metrics (summed
     * over instances) equal the truth, then makes every comparison.
     */
    Verdict finish(TruthLoad load, List<VigilNode> nodes) throws IOException {
        load.close();
        List<String> violations = new ArrayList<>();
        if (load.failure() != null) {
            violations.add("the load could not publish every record: " + load.failure());
        }
        long total = load.sent();
        context.say("[end] load stopped after %,d records; waiting for Vigil to count them all", total);
        await("every record counted", Duration.ofMinutes(10), () -> counted(nodes) >= total);
        Map<String, Double> expected = load.expectedMetrics();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        List<String> differences;
        do {
            differences = ExactCheck.metrics(samples(nodes), expected);
            if (differences.isEmpty()) {
                break;
            }
            LockSupport.parkNanos(500_000_000);
        } while (System.nanoTime() < deadline);
        violations.addAll(differences);
        long counted = counted(nodes);
        if (counted != total) {
            violations.add("Vigil counted " + counted + " records, " + total + " were sent");
        }
        violations.addAll(ExactCheck.counts(samples(nodes), load.expectedCounts()));
        awaitStableAlerts(nodes);
        violations.addAll(ExactCheck.deadLetters(ExactCheck.read(bootstrap, topics.dlq()), load.invalidRecords()));
        ExactCheck.Alerts alerts = ExactCheck.alerts(ExactCheck.read(bootstrap, topics.alerts()));
        violations.addAll(alerts.violations());
        if (alerts.transitions() == 0) {
            violations.add("no alert fired: the alert checks proved nothing");
        }
        for (VigilNode node : nodes) {
            if (!node.isAlive()) {
                violations.add(node.name() + " is not running at the end");
            }
        }
        return new Verdict(violations, total, load.invalidRecords().size(), alerts.alerts(), alerts.transitions());
    }

    /** The result of a crash run, with p50/max timings of its restarts. */
    RunResult result(String run, String what, Verdict verdict, List<Restart> restarts, int kills,
                     Map<String, Number> extra) {
        double[] ready = restarts.stream().mapToDouble(Restart::readySeconds).sorted().toArray();
        double[] caughtUp = restarts.stream().mapToDouble(Restart::caughtUpSeconds).filter(d -> !Double.isNaN(d))
                .sorted().toArray();
        boolean exact = verdict.violations().isEmpty();
        Map<String, Number> figures = new LinkedHashMap<>();
        figures.put(what + "_kills", kills);
        figures.put(what + "_kills_exact", exact ? kills : 0);
        figures.put(what + "_restart_to_ready_p50_s", round(percentile(ready, 50)));
        figures.put(what + "_restart_to_ready_max_s", round(percentile(ready, 100)));
        figures.put(what + "_restart_to_caught_up_p50_s", round(percentile(caughtUp, 50)));
        figures.put(what + "_restart_to_caught_up_max_s", round(percentile(caughtUp, 100)));
        figures.put(what + "_records", verdict.records());
        figures.put(what + "_dead_letters", verdict.invalid());
        figures.put(what + "_alert_transitions", verdict.transitions());
        figures.put(what + "_kill_vigil_exits", exits.size());
        figures.putAll(extra);
        String line = String.format(Locale.ROOT, "%d SIGKILLs under load, %,d records (%,d dead letters, %,d alert "
                        + "transitions of %d alerts): %s; restart to ready p50 %.1f s / max %.1f s, to caught up "
                        + "p50 %.1f s / max %.1f s", kills, verdict.records(), verdict.invalid(), verdict.transitions(),
                verdict.alerts(), exact ? "every metric, count, dead letter and alert exact" : "NOT exact",
                percentile(ready, 50), percentile(ready, 100), percentile(caughtUp, 50), percentile(caughtUp, 100))
                + (exits.isEmpty() ? "" : "; Vigil exited on its own " + exits.size() + " time(s) and was started "
                + "again, as a supervisor would: " + String.join(" | ", exits));
        return new RunResult(run, exact, line, figures, verdict.violations());
    }

    /** Sum of {@code vigil_events_total} over the instances, 0 for one that does not answer. */
    static long counted(List<VigilNode> nodes) {
        long sum = 0;
        for (VigilNode n : nodes) {
            String m = n.metrics();
            sum += m == null ? 0 : ExactCheck.counted(m);
        }
        return sum;
    }

    /** The samples of every instance's {@code /metrics}, summed by sample key (each series lives on one instance). */
    static String samples(List<VigilNode> nodes) {
        if (nodes.size() == 1) {
            String m = nodes.get(0).metrics();
            return m == null ? "" : m;
        }
        Map<String, Double> sum = new TreeMap<>();
        for (VigilNode n : nodes) {
            String m = n.metrics();
            if (m != null) {
                PrometheusSamples.parse(m).forEach((k, v) -> sum.merge(k, v, Double::sum));
            }
        }
        StringBuilder text = new StringBuilder();
        sum.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        return text.toString();
    }

    /** Until the alert count of the instances is the same on two readings a second apart. */
    private void awaitStableAlerts(List<VigilNode> nodes) {
        long[] last = {-1};
        await("alert count settled", Duration.ofMinutes(2), () -> {
            LockSupport.parkNanos(1_000_000_000);
            long now = 0;
            for (VigilNode n : nodes) {
                String m = n.metrics();
                if (m != null) {
                    now += PrometheusSamples.select(PrometheusSamples.parse(m), List.of("vigil_alert_events_total"))
                            .values().stream().mapToLong(Double::longValue).sum();
                }
            }
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }
}
