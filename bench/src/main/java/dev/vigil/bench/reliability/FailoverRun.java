package dev.vigil.bench.reliability;

import dev.vigil.bench.VigilProcess;
import dev.vigil.simulator.MetricsOracle;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Run 3, failover: two instances under a steady exactly-once load, one SIGKILLed and left dead.
 * Measured from the kill: until the survivor serves every series the two served before, and until
 * it has counted every record sent before the kill. Then the dead instance comes back and the sum
 * over the instances is compared with the truth ({@link Crashes#finish}). Done twice on one broker,
 * with {@code num.standby.replicas=1} and with standbys off, to show what standbys buy.
 *
 * <p>Both instances use static membership with the session timeout of the Kubernetes manifests
 * ({@value #SESSION_TIMEOUT_MS} ms): a SIGKILLed member is noticed when its session expires, which is
 * most of a failover's time whatever the standbys.
 */
final class FailoverRun implements ReliabilityRun {
    /** {@code session.timeout.ms} of deploy/kubernetes (the time a dead member keeps its partitions). */
    static final String SESSION_TIMEOUT_MS = "15000";

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String description() {
        return "two instances, SIGKILL one under load: time until the survivor serves every series and catches up, "
                + "with and without standby replicas";
    }

    /** One failover: seconds from the kill until every series is served again, and until caught up. */
    record Failover(int standbys, double servingSeconds, double caughtUpSeconds, Crashes.Verdict verdict) {
    }

    @Override
    public RunResult run(RunContext context) throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                .withDataDir(context.dir("broker")).withHeapMb(768))) {
            List<Failover> failovers = new ArrayList<>();
            // At CI size only the manifests' setting; the comparison is for the published run.
            for (int standbys : context.scale() == RunContext.Scale.CI ? new int[] {1} : new int[] {1, 0}) {
                failovers.add(failover(context, broker, standbys));
            }
            List<String> violations = new ArrayList<>();
            Map<String, Number> figures = new LinkedHashMap<>();
            StringBuilder line = new StringBuilder("two instances, one SIGKILLed under load (session timeout "
                    + SESSION_TIMEOUT_MS + " ms): ");
            for (Failover f : failovers) {
                String key = f.standbys() > 0 ? "standby" : "no_standby";
                figures.put("failover_s_" + key, Math.round(f.servingSeconds() * 100) / 100.0);
                figures.put("failover_caught_up_s_" + key, Math.round(f.caughtUpSeconds() * 100) / 100.0);
                f.verdict().violations().forEach(v -> violations.add("[standbys " + f.standbys() + "] " + v));
                line.append(String.format(Locale.ROOT, "%s every series served again after %.1f s, caught up after "
                                + "%.1f s, %s; ", f.standbys() > 0 ? "with a standby" : "without standbys",
                        f.servingSeconds(), f.caughtUpSeconds(),
                        f.verdict().violations().isEmpty() ? "sum over instances exact" : "NOT exact"));
            }
            return new RunResult(name(), violations.isEmpty(), line.toString().replaceAll("; $", ""), figures,
                    violations);
        }
    }

    private Failover failover(RunContext context, KafkaBroker broker, int standbys) throws Exception {
        String id = "failover-" + standbys;
        RunContext own = context.in(id);
        VigilYaml.Topics topics = VigilYaml.Topics.named(id);
        ProcessorKillsRun.createTopics(broker, topics, ProcessorKillsRun.PARTITIONS);
        VigilYaml base = VigilYaml.of(broker.bootstrapServers(), "vigil-" + id, topics, own.dir("state-a"), 0)
                .withSections(AlertRules.FLAPPING)
                .withKafkaProperty("num.standby.replicas", Integer.toString(standbys))
                .withKafkaProperty("session.timeout.ms", SESSION_TIMEOUT_MS);
        VigilYaml a = base.asInstance(own.dir("state-a"), VigilProcess.freePort())
                .withKafkaProperty("group.instance.id", id + "-a");
        VigilYaml b = base.asInstance(own.dir("state-b"), VigilProcess.freePort())
                .withKafkaProperty("group.instance.id", id + "-b");
        Crashes crashes = new Crashes(own, broker.bootstrapServers(), topics);
        try (TruthLoad load = new TruthLoad(broker.bootstrapServers(), topics.input(), ProcessorKillsRun.PARTITIONS,
                0, context.seed() + standbys).start();
             VigilNode survivor = new VigilNode(own.dir("vigil"), "vigil-a", a.port(), a.text(), List.of("-Xmx1g"));
             VigilNode victim = new VigilNode(own.dir("vigil"), "vigil-b", b.port(), b.text(), List.of("-Xmx1g"))) {
            double rate = crashes.calibrate(load, survivor, context.pick(5_000L, 100_000L));
            victim.start();
            victim.awaitReady(Crashes.READY_TIMEOUT);
            List<VigilNode> both = List.of(survivor, victim);
            // Both instances own tasks (and, with standbys, each keeps the other's state warm) before the kill.
            Crashes.await("both instances serve series", Crashes.READY_TIMEOUT,
                    () -> !seriesOf(survivor).isEmpty() && !seriesOf(victim).isEmpty());
            LockSupport.parkNanos(Duration.ofSeconds(context.pick(5L, 20L)).toNanos());
            Crashes.await("both instances caught up", Crashes.CATCH_UP_TIMEOUT,
                    () -> Crashes.counted(both) >= load.sent() - 2 * rate);
            Set<String> before = new HashSet<>(seriesOf(survivor));
            before.addAll(seriesOf(victim));
            long sentAtKill = load.sent();
            victim.kill();
            long t0 = System.nanoTime();
            Crashes.await("the survivor serves every series", Duration.ofMinutes(5),
                    () -> seriesOf(survivor).containsAll(before));
            double serving = (System.nanoTime() - t0) / 1e9;
            Crashes.await("the survivor caught up", Crashes.CATCH_UP_TIMEOUT,
                    () -> Crashes.counted(List.of(survivor)) >= sentAtKill);
            double caughtUp = (System.nanoTime() - t0) / 1e9;
            own.say("[%s] standbys %d: every series served again %.1f s after the kill, caught up after %.1f s",
                    name(), standbys, serving, caughtUp);
            victim.start();
            victim.awaitReady(Crashes.READY_TIMEOUT);
            return new Failover(standbys, serving, caughtUp, crashes.finish(load, both));
        }
    }

    /** The aggregate series an instance serves now (empty when it does not answer). */
    private static Set<String> seriesOf(VigilNode node) {
        String m = node.metrics();
        if (m == null) {
            return Set.of();
        }
        return PrometheusSamples.select(PrometheusSamples.parse(m), MetricsOracle.FAMILIES).keySet();
    }
}
