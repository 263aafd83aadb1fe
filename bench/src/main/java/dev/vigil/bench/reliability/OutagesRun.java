package dev.vigil.bench.reliability;

import dev.vigil.bench.Preload;
import dev.vigil.bench.VigilProcess;
import dev.vigil.simulator.GeneratorOptions;
import dev.vigil.testkit.KafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Run 6, downstream outages: one preloaded topic drained from the start by a fresh exactly-once
 * Vigil (new application id and state) with Loki (at DEBUG, so lines ship all the time), OTLP
 * tracing and Alertmanager (with rules that fire and resolve all the time) pointed at, in turn:
 * healthy stand-ins (the baseline), a port nobody listens on (unreachable), a port that accepts
 * connections and never answers (stalled), and healthy ones again (to bound the machine's noise).
 * Every drain must end with the metrics equal to the simulator's truth, the process alive and
 * ready; the outage drains must keep the drain rate within the tolerance of the baseline and count
 * what they could not deliver ({@code vigil_log_push_failures_total}, {@code vigil_trace_spans_dropped_total},
 * {@code vigil_alertmanager_notifications_total{result="failure"}}; {@code vigil_log_dropped_total} is reported:
 * Loki's lines wait through about 8.5 minutes of retries before they are dropped).
 *
 * <p>Tolerance: an outage drain passes when its rate is at least (1 − t) × the mean of the two
 * baselines, with t = max({@value #MIN_TOLERANCE}, twice the baselines' relative difference): the
 * same run measures how far two identical drains differ on this machine. Settings ({@code --set}):
 * {@code outages_records} (600,000; CI 30,000).
 */
final class OutagesRun implements ReliabilityRun {
    static final double MIN_TOLERANCE = 0.2;
    private static final int PARTITIONS = 4;
    private static final List<String> VIGIL_FLAGS = List.of("-Xms256m", "-Xmx1g");
    /** How long to wait after a drain for the outage's drops and failures to be counted. */
    private static final Duration COUNTED_WITHIN = Duration.ofSeconds(90);

    static final String LOG_DROPPED = "vigil_log_dropped_total";
    static final String LOG_PUSH_FAILED = "vigil_log_push_failures_total";
    static final String SPANS_DROPPED = "vigil_trace_spans_dropped_total";
    static final String AM_FAILED = "vigil_alertmanager_notifications_total{result=\"failure\"}";
    static final String AM_SENT = "vigil_alertmanager_notifications_total{result=\"success\"}";
    static final String AM_DROPPED = "vigil_alertmanager_notifications_dropped_total";

    @Override
    public String name() {
        return "outages";
    }

    @Override
    public String description() {
        return "drains with Loki, OTLP and Alertmanager healthy, unreachable, stalled, healthy: rates within noise, "
                + "drops counted, metrics exact";
    }

    /** One drain's figures. */
    record Drain(String label, NodeDrain.Result result, double logDropped, double logPushFailed, double spansDropped,
                 double amFailed, double amSent, double amDropped) {
    }

    @Override
    public RunResult run(RunContext context) throws Exception {
        long records = Long.parseLong(context.option("outages_records", context.pick("30000", "600000")));
        List<String> violations = new ArrayList<>();
        Map<String, Number> figures = new LinkedHashMap<>();
        KafkaBroker.Options brokerOptions = KafkaBroker.Options.defaults().withDataDir(context.dir("broker"))
                // A loaded 2-core machine can take over a minute to start a broker.
                .withStartTimeout(Duration.ofMinutes(4))
                .withExtraServerProperty("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        try (KafkaBroker broker = KafkaBroker.start(brokerOptions)) {
            VigilYaml.Topics topics = VigilYaml.Topics.named("outages");
            broker.createTopic(topics.input(), PARTITIONS, Map.of("retention.ms", "-1"));
            broker.createTopic(topics.dlq(), 1);
            broker.createTopic(topics.alerts(), 1);
            Preload.Result preload = Preload.run(broker.bootstrapServers(), topics.input(), PARTITIONS, records,
                    context.seed(), GeneratorOptions.DEFAULT_START, true, Duration.ofSeconds(10), line -> context.say("%s", line));
            context.say("[outages] preloaded %,d records", preload.records());

            List<Drain> drains = new ArrayList<>();
            drains.add(drain(context, broker, topics, preload, "baseline", Downstreams::healthy, violations));
            drains.add(drain(context, broker, topics, preload, "unreachable", Downstreams::unreachable, violations));
            drains.add(drain(context, broker, topics, preload, "stalled", Downstreams::stalled, violations));
            drains.add(drain(context, broker, topics, preload, "baseline_end", Downstreams::healthy, violations));

            double b1 = drains.get(0).result().rate();
            double b2 = drains.get(3).result().rate();
            double base = (b1 + b2) / 2;
            double noise = Math.abs(b1 - b2) / base;
            double tolerance = Math.max(MIN_TOLERANCE, 2 * noise);
            figures.put("outages_records", preload.records());
            for (Drain d : drains) {
                figures.put("outages_rate_" + d.label(), Math.round(d.result().rate()));
                figures.put("outages_cpu_us_per_record_" + d.label(), round(d.result().cpuMicrosPerRecord()));
                figures.put("outages_ratio_" + d.label(), round(d.result().rate() / base));
                figures.put("outages_log_dropped_" + d.label(), d.logDropped());
                figures.put("outages_log_push_failures_" + d.label(), d.logPushFailed());
                figures.put("outages_spans_dropped_" + d.label(), d.spansDropped());
                figures.put("outages_alertmanager_failures_" + d.label(), d.amFailed());
                figures.put("outages_alertmanager_sent_" + d.label(), d.amSent());
                figures.put("outages_alertmanager_dropped_" + d.label(), d.amDropped());
            }
            figures.put("outages_baseline_noise", round(noise));
            figures.put("outages_tolerance", round(tolerance));
            if (tolerance > 0.5) {
                violations.add(String.format(Locale.ROOT, "the two baseline drains differ by %.0f %%: the machine is too "
                        + "noisy to tell an outage's cost from noise", noise * 100));
            }
            for (Drain d : drains.subList(1, 3)) {
                double ratio = d.result().rate() / base;
                if (ratio < 1 - tolerance) {
                    violations.add(String.format(Locale.ROOT, "%s: drain rate %,.0f records/s is %.2f × the baseline "
                            + "(%,.0f), below %.2f", d.label(), d.result().rate(), ratio, base, 1 - tolerance));
                }
            }
            String line = String.format(Locale.ROOT, "%,d records drained 4 times, metrics %s; rates baseline %,.0f / "
                            + "unreachable %,.0f (%.2f×) / stalled %,.0f (%.2f×) / baseline again %,.0f records/s, "
                            + "tolerance %.2f; failed Loki pushes %.0f / %.0f, dropped spans %.0f / %.0f, failed "
                            + "Alertmanager posts %.0f / %.0f (unreachable / stalled)",
                    preload.records(), violations.stream().anyMatch(v -> v.contains("truth")) ? "NOT exact" : "exact",
                    b1, drains.get(1).result().rate(), drains.get(1).result().rate() / base,
                    drains.get(2).result().rate(), drains.get(2).result().rate() / base, b2, tolerance,
                    drains.get(1).logPushFailed(), drains.get(2).logPushFailed(), drains.get(1).spansDropped(),
                    drains.get(2).spansDropped(), drains.get(1).amFailed(), drains.get(2).amFailed());
            return new RunResult(name(), violations.isEmpty(), line, figures, violations);
        }
    }

    private static Drain drain(RunContext context, KafkaBroker broker, VigilYaml.Topics topics, Preload.Result preload,
                               String label, Supplier<Downstreams> downstreams, List<String> violations) {
        try (Downstreams down = downstreams.get()) {
            int port = VigilProcess.freePort();
            String yaml = VigilYaml.of(broker.bootstrapServers(), "outages-" + label + "-" + context.seed(), topics,
                            context.dir(label + "-state"), port)
                    .withObservability(observability(down.url()))
                    .withSections(alerts(down.url()))
                    .text();
            try (VigilNode node = new VigilNode(context.workDir(), label, port, yaml, VIGIL_FLAGS)) {
                node.start();
                NodeDrain.Result r = NodeDrain.await(node, preload.records(), preload.expectedMetrics(),
                        Duration.ofMinutes(15));
                if (!r.exact()) {
                    violations.add(label + ": the metrics do not equal the simulator's truth: " + r.differences());
                }
                boolean outage = !label.startsWith("baseline");
                String page = r.exposition();
                if (outage) {
                    // Drops are counted when a push's retries or a request's timeout are spent: wait for all three.
                    long deadline = System.nanoTime() + COUNTED_WITHIN.toNanos();
                    while (!(counter(page, LOG_PUSH_FAILED) > 0 && counter(page, SPANS_DROPPED) > 0
                            && counter(page, AM_FAILED) > 0) && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(1_000_000_000L);
                        String next = node.metrics();
                        page = next == null ? page : next;
                    }
                }
                Drain d = new Drain(label, r, counter(page, LOG_DROPPED), counter(page, LOG_PUSH_FAILED),
                        counter(page, SPANS_DROPPED),
                        counter(page, AM_FAILED), counter(page, AM_SENT), counter(page, AM_DROPPED));
                context.say("[outages] %s: %,.0f records/s, %.1f µs CPU/record; Loki pushes failed %.0f, log lines "
                                + "dropped %.0f, spans dropped %.0f, Alertmanager posts ok %.0f / failed %.0f / dropped "
                                + "%.0f; downstream saw %d Loki, %d OTLP, %d Alertmanager requests", label, r.rate(),
                        r.cpuMicrosPerRecord(), d.logPushFailed(), d.logDropped(), d.spansDropped(), d.amSent(),
                        d.amFailed(), d.amDropped(), down.lokiPushes(), down.otlpExports(), down.alertmanagerPosts());
                if (!node.isAlive() || node.readyz() != 200) {
                    violations.add(label + ": Vigil is not alive and ready after the drain (readyz " + node.readyz()
                            + ")");
                }
                if (outage) {
                    // Lines wait through Loki's retries (about 8.5 minutes) before they are dropped: the outage shows
                    // at once as failed pushes.
                    if (d.logPushFailed() <= 0) {
                        violations.add(label + ": no failed Loki push counted (" + LOG_PUSH_FAILED + ")");
                    }
                    if (d.spansDropped() <= 0) {
                        violations.add(label + ": no dropped span counted (" + SPANS_DROPPED + ")");
                    }
                    if (d.amFailed() <= 0) {
                        violations.add(label + ": no failed Alertmanager notification counted");
                    }
                } else {
                    if (d.logDropped() + d.logPushFailed() + d.spansDropped() + d.amFailed() > 0) {
                        violations.add(String.format(Locale.ROOT, "%s: healthy downstreams, yet %.0f log lines dropped, "
                                + "%.0f Loki pushes failed, %.0f spans dropped and %.0f Alertmanager posts failed", label,
                                d.logDropped(), d.logPushFailed(), d.spansDropped(), d.amFailed()));
                    }
                    if (down.lokiPushes() == 0 || down.otlpExports() == 0 || down.alertmanagerPosts() == 0) {
                        violations.add(String.format(Locale.ROOT, "%s: a downstream was never called (Loki %d, OTLP "
                                + "%d, Alertmanager %d requests)", label, down.lokiPushes(), down.otlpExports(),
                                down.alertmanagerPosts()));
                    }
                }
                node.stop(Duration.ofSeconds(30));
                return d;
            }
        }
    }

    private static double counter(String page, String key) {
        return page == null ? 0 : NodeDrain.sample(page, key);
    }

    private static String observability(String url) {
        return "  tracing:\n"
                + "    enabled: true\n"
                + "    exporter: otlp\n"
                + "    endpoint: \"" + url + "\"\n"
                // About a hundred spans a second: a healthy collector takes them all, an outage fills the queue.
                + "    sample_rate: 0.01\n"
                + "  logging:\n"
                + "    level: DEBUG\n"
                + "    exporter: loki\n"
                + "    loki_url: \"" + url + "\"\n";
    }

    /** Rules that fire for every agent (and stay) and fire and resolve with every lease. */
    private static String alerts(String url) {
        return "alerts:\n"
                + "  rules:\n"
                + "    - name: CallsSeen\n"
                + "      metric: agent_call_success_ratio\n"
                + "      window: 5m\n"
                + "      group_by: [agent_name]\n"
                + "      op: \"<\"\n"
                + "      threshold: 1.01\n"
                + "      min_samples: 1\n"
                + "    - name: LeaseHeld\n"
                + "      metric: active_leases\n"
                + "      group_by: [pool, agent_name]\n"
                + "      op: \">\"\n"
                + "      threshold: 0\n"
                + "  alertmanager:\n"
                + "    urls: [\"" + url + "\"]\n"
                + "    resend_interval: 10s\n";
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
