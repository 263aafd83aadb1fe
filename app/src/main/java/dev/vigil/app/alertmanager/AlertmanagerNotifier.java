package dev.vigil.app.alertmanager;

import dev.vigil.alerting.AlertEvent;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.topology.series.AlertListener;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends Vigil's alerts to Alertmanager (docs/alerting.md, Alertmanager). Transitions arrive from the stream
 * thread through {@link #onAlert} into a bounded queue, which a sender thread posts at once. Every resend
 * interval, and right after Kafka Streams becomes RUNNING ({@link #resendSoon}), the alerts this instance owns
 * (firing, and resolved within {@link #RECENTLY_RESOLVED}) are read from the alert store and sent again: so after
 * a crash, a rebalance or an Alertmanager restart the alerts arrive again from whoever owns them, and nothing
 * depends on what this process remembers. A failed post is retried with {@link Backoff}; each post to each
 * Alertmanager is counted.
 */
public final class AlertmanagerNotifier implements AlertListener, AutoCloseable {
    /** A resolution re-sent this long, so one lost while Alertmanager was down still arrives. */
    static final Duration RECENTLY_RESOLVED = Duration.ofMinutes(15);
    /** Alerts per request. */
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerNotifier.class);

    /** Posts a JSON body to one Alertmanager; {@link AlertmanagerClient#post} in production. */
    @FunctionalInterface
    public interface Poster {
        void post(String baseUrl, byte[] json) throws IOException, InterruptedException;
    }

    private final List<String> urls;
    private final Poster poster;
    private final AlertPayloads payloads;
    private volatile Supplier<List<AlertInstance>> stored = List::of;
    private final NotificationQueue queue;
    private final NotifierMetrics metrics;
    private final Duration resendInterval;
    private final Backoff backoff;
    private final Clock clock;
    /** Re-sends and retries: one thread, never the sender's, so a retry waits without holding new alerts. */
    private final ScheduledExecutorService scheduler;
    private final Thread sender;
    private volatile boolean running;

    /** Ready to queue alerts (it is handed to the topology); sends nothing before {@link #start}. */
    public AlertmanagerNotifier(List<String> urls, Poster poster, AlertPayloads payloads, NotificationQueue queue,
                                NotifierMetrics metrics, Duration resendInterval, Clock clock) {
        this.urls = List.copyOf(urls);
        this.poster = poster;
        this.payloads = payloads;
        this.queue = queue;
        this.metrics = metrics;
        this.resendInterval = resendInterval;
        this.backoff = Backoff.within(resendInterval);
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vigil-alertmanager-resend"));
        this.sender = daemon(this::sendQueued, "vigil-alertmanager-sender");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * Starts sending.
     *
     * @param storedAlerts the alert instances of this instance's active tasks (the {@code alert-state} store),
     *                     read at each re-send
     */
    public void start(Supplier<List<AlertInstance>> storedAlerts) {
        this.stored = storedAlerts;
        running = true;
        sender.start();
        scheduler.scheduleWithFixedDelay(this::resend, resendInterval.toMillis(), resendInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Alertmanager notifications to {}, re-sent every {}", urls, resendInterval);
    }

    /** Called on the stream thread: never blocks; a full queue drops the event (the re-send covers it). */
    @Override
    public void onAlert(AlertEvent event) {
        if (!queue.offer(event)) {
            metrics.dropped();
        }
    }

    /** Re-sends the owned alerts now (this instance just became RUNNING: it may own new partitions). */
    public void resendSoon() {
        if (running) {
            scheduler.execute(this::resend);
        }
    }

    private void sendQueued() {
        while (running) {
            try {
                List<AlertEvent> batch = queue.takeBatch(BATCH, 1000);
                if (!batch.isEmpty()) {
                    Instant now = clock.instant();
                    deliver(batch.stream().map(e -> payloads.of(e, now)).toList());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("cannot send alerts to Alertmanager", e);
            }
        }
    }

    /** The alerts this instance owns now: firing, and recently resolved. */
    List<PostableAlert> owned() {
        Instant now = clock.instant();
        long resolvedSince = now.minus(RECENTLY_RESOLVED).toEpochMilli();
        List<PostableAlert> out = new ArrayList<>();
        for (AlertInstance i : stored.get()) {
            boolean recentlyResolved = i.state() == AlertInstance.State.INACTIVE && i.sequence() > 0
                    && i.lastChangeMs() != AlertInstance.NONE && i.lastChangeMs() >= resolvedSince;
            if (i.firing() || recentlyResolved) {
                out.add(payloads.of(i, now));
            }
        }
        return out;
    }

    private void resend() {
        try {
            List<PostableAlert> alerts = owned();
            if (!alerts.isEmpty()) {
                deliver(alerts);
            }
        } catch (RuntimeException e) {
            // Never let the periodic task die: the next interval tries again.
            LOG.warn("cannot re-send alerts to Alertmanager", e);
        }
    }

    private void deliver(List<PostableAlert> alerts) {
        for (int from = 0; from < alerts.size(); from += BATCH) {
            byte[] body = PayloadJson.write(alerts.subList(from, Math.min(alerts.size(), from + BATCH)));
            for (String url : urls) {
                attempt(url, body, 0);
            }
        }
    }

    /** One post; on failure a retry is scheduled after the backoff's next delay, until the budget is spent. */
    private void attempt(String url, byte[] body, int retries) {
        if (!running) {
            return;
        }
        long started = System.nanoTime();
        try {
            poster.post(url, body);
            metrics.sent(true, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException | RuntimeException e) {
            metrics.sent(false, Duration.ofNanos(System.nanoTime() - started));
            Duration wait = backoff.delayBefore(retries + 1);
            if (wait == null) {
                LOG.warn("Alertmanager {} failed {} times, last: {}; the next re-send will carry these alerts",
                        url, retries + 1, e.toString());
            } else {
                LOG.debug("Alertmanager {} failed ({}), retry in {}", url, e, wait);
                try {
                    scheduler.schedule(() -> attempt(url, body, retries + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // closing
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        sender.interrupt();
        try {
            sender.join(5000);
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
