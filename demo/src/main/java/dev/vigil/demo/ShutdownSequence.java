package dev.vigil.demo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's one shutdown path: what was started is stopped in reverse order, whoever asks first
 * (Ctrl-C or SIGTERM through the one JVM shutdown hook, or the main thread at the end of
 * {@code --duration}); a second caller waits until the first is done.
 *
 * <p>One ordered path matters because the parts depend on each other: the simulator and Vigil are
 * Kafka clients of the local broker, so the broker must go last. Separate shutdown hooks run
 * concurrently, and a broker that leaves while Kafka Streams still commits makes Streams retry
 * for half a minute, with a warning per attempt.
 */
final class ShutdownSequence {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

    /** Stops one part; may block for as long as that part needs. */
    @FunctionalInterface
    interface Step {
        void stop() throws Exception;
    }

    private record Named(String name, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Thread hook = new Thread(this::run, "vigil-demo-shutdown");
    private boolean done;

    /** Registers the JVM shutdown hook that runs {@link #run()}. */
    void installHook() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Adds a part just started; it stops before every part added earlier. A part started after the
     * sequence ran (a slow start-up overtaken by Ctrl-C) is stopped at once.
     */
    void add(String name, Step step) {
        synchronized (this) {
            if (!done) {
                steps.push(new Named(name, step));
                return;
            }
        }
        stop(new Named(name, step));
    }

    /** Asks the main thread to stop (for example after a failure), without stopping anything yet. */
    void requestStop() {
        stopRequested.countDown();
    }

    /** Waits until a stop is requested. */
    void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** @return whether a stop was requested within {@code timeout} (else the time is up) */
    boolean awaitStopRequest(Duration timeout) throws InterruptedException {
        return stopRequested.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops every part, last started first. Idempotent. */
    synchronized void run() {
        stopRequested.countDown();
        if (done) {
            return;
        }
        long start = System.nanoTime();
        while (!steps.isEmpty()) {
            stop(steps.pop());
        }
        done = true;
        LOG.info("Demo stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** Once the sequence ran on the main thread: the hook is no longer needed. */
    void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (or ran) the sequence: nothing to remove.
        }
    }

    private static void stop(Named part) {
        long start = System.nanoTime();
        try {
            part.step().stop();
            LOG.info("Stopped {} in {} ms", part.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while stopping {}", part.name());
        } catch (Exception e) {
            // The next parts must still stop: report and go on.
            LOG.warn("Stopping {} failed", part.name(), e);
        }
    }
}
