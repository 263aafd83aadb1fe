package dev.vigil.bench.reliability;

import dev.vigil.bench.VigilProcess;
import dev.vigil.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Run 1, processor crashes: under a steady exactly-once load of half the drain rate measured at the
 * start of the run, the Vigil process is SIGKILLed at seeded random moments and started again on
 * the same configuration and state directory, as a supervisor would. At the end every metric and
 * count equals the simulator's truth, the DLQ holds each bad record once, and the alerts topic
 * holds no alert id twice and every alert's transitions in turn ({@link ExactCheck}).
 *
 * <p>Times per restart: to {@code /readyz} 200, and to caught up (Vigil has counted every record
 * sent before the restart). Static membership ({@code group.instance.id}) is on unless
 * {@code --set static_membership=false}: without it the group waits out the killed member's
 * session before it lets the new one in. {@code --set transactional_state_stores=true|false} sets
 * Kafka Streams' {@code enable.transactional.statestores} (unset: Vigil's default);
 * {@code --set write_buffer_mib=N} bounds RocksDB's memtables for the whole process (unset: Vigil's
 * default), which bounds what a crash leaves unflushed, and so the restore after it;
 * {@code --set kafka.<property>=value} passes any Kafka Streams property through.
 */
final class ProcessorKillsRun implements ReliabilityRun {
    static final int PARTITIONS = 3;

    @Override
    public String name() {
        return "processor-kills";
    }

    @Override
    public String description() {
        return "SIGKILL the Vigil process at random moments under a steady exactly-once load; exact totals at the end";
    }

    @Override
    public RunResult run(RunContext context) throws Exception {
        int kills = Integer.parseInt(context.option("kills", context.pick("3", "20")));
        boolean staticMembership = Boolean.parseBoolean(context.option("static_membership", "true"));
        long calibration = context.pick(8_000L, 100_000L);
        Duration minDelay = context.pick(Duration.ofSeconds(1), Duration.ofSeconds(3));
        Duration maxDelay = context.pick(Duration.ofSeconds(5), Duration.ofSeconds(20));
        SplittableRandom random = new SplittableRandom(context.seed());

        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults()
                .withDataDir(context.dir("broker")).withHeapMb(768))) {
            VigilYaml.Topics topics = VigilYaml.Topics.named("kills");
            createTopics(broker, topics, PARTITIONS);
            VigilYaml yaml = VigilYaml.of(broker.bootstrapServers(), "vigil-kills", topics,
                    context.dir("state"), VigilProcess.freePort()).withSections(AlertRules.FLAPPING);
            if (staticMembership) {
                yaml = yaml.withKafkaProperty("group.instance.id", "vigil-kills-0")
                        .withKafkaProperty("session.timeout.ms", FailoverRun.SESSION_TIMEOUT_MS);
            }
            yaml = context.withStoreSettings(yaml, "0");
            Crashes crashes = new Crashes(context, broker.bootstrapServers(), topics);
            try (TruthLoad load = new TruthLoad(broker.bootstrapServers(), topics.input(), PARTITIONS, 0,
                    context.seed()).start();
                 VigilNode node = new VigilNode(context.dir("vigil"), "vigil-0", yaml.port(), yaml.text(),
                         List.of("-Xmx1g"))) {
                double rate = crashes.calibrate(load, node, calibration);
                context.say("[%s] steady load at half the drain rate: %.0f records/s; %d kills, static membership %s",
                        name(), rate, kills, staticMembership ? "on" : "off");
                List<Crashes.Restart> restarts = new ArrayList<>();
                for (int i = 1; i <= kills; i++) {
                    long delay = minDelay.toMillis() + random.nextLong(maxDelay.toMillis() - minDelay.toMillis() + 1);
                    // After every fifth restart, and after the last but one (so that the CI run has one too),
                    // the next kill comes while the instance is still catching up.
                    boolean nextDuringCatchUp = i % 5 == 0 || i == kills - 1;
                    restarts.add(crashes.killAndRestart(load, node, Duration.ofMillis(delay), i, kills,
                            nextDuringCatchUp));
                }
                Crashes.Verdict verdict = crashes.finish(load, List.of(node));
                return crashes.result(name(), "processor", verdict, restarts, kills, Map.of(
                        "static_membership", staticMembership ? 1 : 0, "load_records_per_s", Math.round(rate)));
            }
        }
    }

    /** The input topic and the DLQ keep records forever: the simulator's timestamps are in the past. */
    static void createTopics(KafkaBroker broker, VigilYaml.Topics topics, int partitions) {
        broker.createTopic(topics.input(), partitions, Map.of("retention.ms", "-1"));
        broker.createTopic(topics.dlq(), partitions, Map.of("retention.ms", "-1",
                "max.message.bytes", Integer.toString(2 << 20)));
        broker.createTopic(topics.alerts(), 1, Map.of("retention.ms", "-1"));
    }
}
