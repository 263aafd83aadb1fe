package dev.vigil.demo;

import dev.vigil.app.VigilApp;
import dev.vigil.app.kafka.LagProbe;
import dev.vigil.topology.SelfMetricKey;
import dev.vigil.topology.SelfMetricKey.Outcome;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The demo's live summary: one line every few seconds (Kafka Streams' state, events by outcome, the
 * consumer lag), on a thread of its own. Its admin client is a Kafka client too, so the summary is
 * stopped ({@link #close()}) before the broker.
 */
final class Summary implements AutoCloseable {
    private static final Duration EVERY = Duration.ofSeconds(5);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final VigilApp app;
    private final Admin admin;
    private final LagProbe lag;
    private final PrintStream out;
    private final Runnable onFailure;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread = new Thread(this::loop, "vigil-demo-summary");

    private Summary(VigilApp app, Admin admin, LagProbe lag, PrintStream out, Runnable onFailure) {
        this.app = app;
        this.admin = admin;
        this.lag = lag;
        this.out = out;
        this.onFailure = onFailure;
    }

    /**
     * @param onFailure called once if Kafka Streams fails (the demo then stops)
     */
    static Summary start(VigilApp app, Admin admin, String groupId, String inputTopic, PrintStream out,
                         Runnable onFailure) {
        Summary summary = new Summary(app, admin, new LagProbe(admin, groupId, inputTopic), out, onFailure);
        summary.thread.setDaemon(true);
        summary.thread.start();
        return summary;
    }

    private void loop() {
        try {
            while (!closed.await(EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
                Map<SelfMetricKey, Long> counts = app.selfMetricCounts();
                out.printf("%s  %-8s accepted %,9d   duplicate %,7d   invalid %,7d   lag %s%n",
                        LocalTime.now().withNano(0), app.state(),
                        sum(counts, Outcome.ACCEPTED), sum(counts, Outcome.DUPLICATE), sum(counts, Outcome.INVALID),
                        lag());
                if (app.state() == KafkaStreams.State.ERROR) {
                    out.println("Kafka Streams failed; see the log file named above.");
                    onFailure.run();
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Input records of every type with this outcome. */
    static long sum(Map<SelfMetricKey, Long> counts, Outcome outcome) {
        return counts.entrySet().stream()
                .filter(e -> e.getKey() instanceof SelfMetricKey.Events events && events.outcome() == outcome)
                .mapToLong(Map.Entry::getValue).sum();
    }

    private String lag() {
        try {
            return String.format("%,d", lag.totalLag());
        } catch (Exception e) {
            return "?";
        }
    }

    /** Stops the line printer, then its admin client. */
    @Override
    public void close() throws InterruptedException {
        closed.countDown();
        thread.join(JOIN_TIMEOUT.toMillis());
        admin.close(Duration.ZERO);
    }
}
