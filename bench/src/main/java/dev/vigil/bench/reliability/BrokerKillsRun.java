package dev.vigil.bench.reliability;

import dev.vigil.bench.VigilProcess;
import dev.vigil.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Run 2, broker crashes: under a steady exactly-once load, the (single) broker is SIGKILLed at
 * seeded random moments, left down for a random while, and restarted on its data. Vigil must
 * recover on its own; if it cannot, it must exit with a clear message so that a supervisor restarts
 * it (the run then does, and counts it). It must never hang half-alive: running, {@code /readyz}
 * 200, work waiting, and nothing counted for {@link #STALL} after the broker is back. At the end
 * every exact comparison of {@link Crashes#finish} holds.
 */
final class BrokerKillsRun implements ReliabilityRun {
    /** Vigil making no progress this long after the broker is back, with work waiting, is hung. */
    static final Duration STALL = Duration.ofMinutes(3);

    @Override
    public String name() {
        return "broker-kills";
    }

    @Override
    public String description() {
        return "SIGKILL and restart the broker mid-load; Vigil recovers (or exits clearly), exact totals at the end";
    }

    @Override
    public RunResult run(RunContext context) throws Exception {
        int kills = Integer.parseInt(context.option("broker_kills", context.pick("2", "5")));
        long calibration = context.pick(20_000L, 100_000L);
        SplittableRandom random = new SplittableRandom(context.seed() + 2);
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                .withDataDir(context.dir("broker")).withHeapMb(768))) {
            VigilYaml.Topics topics = VigilYaml.Topics.named("brokerkills");
            ProcessorKillsRun.createTopics(broker, topics, ProcessorKillsRun.PARTITIONS);
            VigilYaml yaml = VigilYaml.of(broker.bootstrapServers(), "vigil-broker-kills", topics,
                    context.dir("state"), VigilProcess.freePort()).withSections(AlertRules.FLAPPING)
                    .withKafkaProperty("group.instance.id", "vigil-broker-kills-0")
                    .withKafkaProperty("session.timeout.ms", FailoverRun.SESSION_TIMEOUT_MS);
            Crashes crashes = new Crashes(context, broker.bootstrapServers(), topics);
            List<String> violations = new ArrayList<>();
            List<Double> recoveries = new ArrayList<>();
            List<String> exits = new ArrayList<>();
            try (TruthLoad load = new TruthLoad(broker.bootstrapServers(), topics.input(),
                    ProcessorKillsRun.PARTITIONS, 0, context.seed()).start();
                 VigilNode node = new VigilNode(context.dir("vigil"), "vigil-0", yaml.port(), yaml.text(),
                         List.of("-Xmx1g"))) {
                double rate = crashes.calibrate(load, node, calibration);
                context.say("[%s] steady load %.0f records/s; %d broker kills", name(), rate, kills);
                for (int i = 1; i <= kills; i++) {
                    LockSupport.parkNanos(Duration.ofMillis(context.pick(2_000L, 5_000L)
                            + random.nextLong(context.pick(3_000L, 20_000L))).toNanos());
                    long down = context.pick(1_000L, 3_000L) + random.nextLong(context.pick(4_000L, 15_000L));
                    broker.kill();
                    LockSupport.parkNanos(Duration.ofMillis(down).toNanos());
                    broker.restart();
                    long backAt = System.nanoTime();
                    long waiting = load.sent();
                    Recovery r = awaitRecovery(node, waiting);
                    double seconds = (System.nanoTime() - backAt) / 1e9;
                    switch (r) {
                        case CAUGHT_UP -> recoveries.add(seconds);
                        case EXITED -> {
                            String why = node.lastErrorLine();
                            exits.add(why);
                            context.say("[broker kill %d/%d] Vigil exited (%d): %s; restarting it as a supervisor "
                                    + "would", i, kills, node.exitValue(), why);
                            node.start();
                            node.awaitReady(Crashes.READY_TIMEOUT);
                            Crashes.await("caught up after the supervisor's restart", Crashes.CATCH_UP_TIMEOUT,
                                    () -> Crashes.counted(List.of(node)) >= waiting);
                            recoveries.add((System.nanoTime() - backAt) / 1e9);
                        }
                        case HUNG -> violations.add(String.format(Locale.ROOT, "after broker kill %d Vigil made no "
                                + "progress for %s with /readyz %d: hung half-alive", i, STALL, node.readyz()));
                    }
                    context.say("[broker kill %d/%d] broker down %.1f s; Vigil %s %.1f s after the broker was back",
                            i, kills, down / 1e3, r == Recovery.HUNG ? "still stuck" : "caught up", seconds);
                    if (r == Recovery.HUNG) {
                        break;
                    }
                }
                Crashes.Verdict verdict = crashes.finish(load, List.of(node));
                violations.addAll(verdict.violations());
                double[] sorted = recoveries.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                boolean exact = verdict.violations().isEmpty();
                Map<String, Number> figures = new LinkedHashMap<>();
                figures.put("broker_kills", kills);
                figures.put("broker_kills_exact", exact ? kills : 0);
                figures.put("broker_recovery_p50_s", round(Crashes.percentile(sorted, 50)));
                figures.put("broker_recovery_max_s", round(Crashes.percentile(sorted, 100)));
                figures.put("broker_kill_vigil_exits", exits.size());
                figures.put("broker_kill_records", verdict.records());
                String line = String.format(Locale.ROOT, "%d broker SIGKILLs under load, %,d records: %s; Vigil "
                        + "recovered %s, caught up p50 %.1f s / max %.1f s after the broker was back", kills,
                        verdict.records(), exact ? "every metric, count, dead letter and alert exact" : "NOT exact",
                        exits.isEmpty() ? "by itself every time" : "after exiting " + exits.size()
                                + " time(s) with: " + String.join(" | ", exits),
                        Crashes.percentile(sorted, 50), Crashes.percentile(sorted, 100));
                return new RunResult(name(), violations.isEmpty(), line, figures, violations);
            }
        }
    }

    private enum Recovery { CAUGHT_UP, EXITED, HUNG }

    /** Until Vigil has counted {@code waiting} records, has exited, or has made no progress for {@link #STALL}. */
    private static Recovery awaitRecovery(VigilNode node, long waiting) {
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            if (!node.isAlive()) {
                return Recovery.EXITED;
            }
            long counted = Crashes.counted(List.of(node));
            if (counted >= waiting) {
                return Recovery.CAUGHT_UP;
            }
            if (counted > lastCount) {
                lastCount = counted;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                return Recovery.HUNG;
            }
            LockSupport.parkNanos(200_000_000);
        }
    }

    private static double round(double v) {
        return Double.isNaN(v) ? -1 : Math.round(v * 100) / 100.0;
    }
}
