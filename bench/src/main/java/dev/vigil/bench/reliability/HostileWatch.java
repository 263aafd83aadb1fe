package dev.vigil.bench.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches one Vigil while hostile input flows, from its first ready moment: {@code /readyz} every
 * 100 ms (any answer but 200 is a violation, with when it happened) and {@code /metrics} every 500 ms
 * (every counter finite and never decreasing, {@link CounterChecks}).
 */
final class HostileWatch implements AutoCloseable {
    private static final int MAX_REPORTED = 20;

    private final VigilNode node;
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "hostile-watch");
        t.setDaemon(true);
        return t;
    });
    private final long startNanos = System.nanoTime();
    private final CounterChecks counters = new CounterChecks();
    private final AtomicLong readyzPolls = new AtomicLong();
    private final AtomicLong scrapes = new AtomicLong();
    private final List<String> violations = new ArrayList<>();
    private long notReady;

    private HostileWatch(VigilNode node) {
        this.node = node;
    }

    static HostileWatch start(VigilNode node) {
        HostileWatch w = new HostileWatch(node);
        w.pollers.scheduleWithFixedDelay(w::pollReadyz, 0, 100, TimeUnit.MILLISECONDS);
        w.pollers.scheduleWithFixedDelay(w::scrape, 0, 500, TimeUnit.MILLISECONDS);
        return w;
    }

    private void pollReadyz() {
        int status = node.readyz();
        readyzPolls.incrementAndGet();
        if (status != 200) {
            synchronized (this) {
                notReady++;
                if (notReady <= MAX_REPORTED) {
                    violations.add(String.format(Locale.ROOT, "/readyz answered %s at %.1f s (alive: %s)",
                            status < 0 ? "nothing" : String.valueOf(status), seconds(), node.isAlive()));
                }
            }
        }
    }

    private void scrape() {
        String page = node.metrics();
        if (page == null) {
            synchronized (this) {
                violations.add(String.format(Locale.ROOT, "/metrics did not answer 200 at %.1f s", seconds()));
            }
            return;
        }
        scrapes.incrementAndGet();
        try {
            counters.scrape(page, seconds());
        } catch (IllegalArgumentException e) {
            synchronized (this) {
                violations.add(String.format(Locale.ROOT, "/metrics at %.1f s is not a Prometheus page: %s",
                        seconds(), e.getMessage()));
            }
        }
    }

    private double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Stops polling, after the poll under way. */
    void stop() throws InterruptedException {
        pollers.shutdown();
        if (!pollers.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the readyz and metrics pollers did not stop");
        }
    }

    synchronized List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        if (notReady > MAX_REPORTED) {
            out.add((notReady - MAX_REPORTED) + " further /readyz answers other than 200 not listed");
        }
        out.addAll(counters.violations());
        if (counters.samplesSeen() == 0) {
            out.add("no counter sample was seen in " + scrapes.get() + " scrapes");
        }
        return out;
    }

    long readyzPolls() {
        return readyzPolls.get();
    }

    long scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }
}
