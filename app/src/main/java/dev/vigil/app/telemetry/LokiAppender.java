package dev.vigil.app.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes log lines to Loki's HTTP push API from a bounded queue, in batches, on a thread of its
 * own: gzip-compressed JSON ({@code Content-Encoding: gzip}), with the tenant and credential
 * headers of {@link LokiSettings#headers()}. Logging never waits for Loki: a line that finds the
 * queue full is dropped. A push that Loki refuses for now (429, 5xx) or that fails on the way is
 * retried as {@link LokiRetry} says while new lines wait in the queue; a push Loki rejects
 * (another 4xx), or whose retries are spent, is dropped. Every dropped line is counted in
 * {@code vigil_log_dropped_total}, every failed push (each try) in {@code vigil_log_push_failures_total}. The line is encoded on the logging thread, so it carries that
 * thread's MDC (trace and event ids).
 *
 * <p>Its own warnings go to the logger of this class, which {@link LoggingSetup} sends to standard
 * error only: a warning that Loki cannot be reached must not itself wait for Loki.
 */
public final class LokiAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** Warnings about dropped pushes, at most once a minute; never through this appender (see above). */
    private static final Logger LOG = LoggerFactory.getLogger(LokiAppender.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Put in the queue by {@link #stop()} to end the sender's wait; compared by identity, never sent. */
    private static final LokiPayload.Line WAKE = new LokiPayload.Line("", 0, "");

    private final LokiSettings settings;
    private final Encoder<ILoggingEvent> encoder;
    private final AtomicLong dropped;
    /** Pushes that failed (each try): an outage shows here at once, long before its retries are spent. */
    private final AtomicLong failedPushes;
    private final ArrayBlockingQueue<LokiPayload.Line> queue;
    private HttpClient http;
    private Thread sender;
    private volatile boolean stopping;
    /** Ends a retry's wait at once when the appender stops. */
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    /** Counts drops in the process-wide {@link LogDrops}. */
    public LokiAppender(LokiSettings settings, Encoder<ILoggingEvent> encoder) {
        this(settings, encoder, LogDrops.counter(), LogDrops.failedPushCounter());
    }

    LokiAppender(LokiSettings settings, Encoder<ILoggingEvent> encoder, AtomicLong dropped) {
        this(settings, encoder, dropped, new AtomicLong());
    }

    LokiAppender(LokiSettings settings, Encoder<ILoggingEvent> encoder, AtomicLong dropped, AtomicLong failedPushes) {
        this.settings = settings;
        this.encoder = encoder;
        this.dropped = dropped;
        this.failedPushes = failedPushes;
        this.queue = new ArrayBlockingQueue<>(settings.queueLines());
    }

    @Override
    public void start() {
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout()).build();
        sender = new Thread(this::sendLoop, "vigil-loki-push");
        sender.setDaemon(true);
        sender.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (stopping) {
            dropped.incrementAndGet();
            return;
        }
        Instant t = event.getInstant();
        LokiPayload.Line line = new LokiPayload.Line(event.getLevel().toString(),
                t.getEpochSecond() * 1_000_000_000L + t.getNano(), text(encoder.encode(event)));
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    /** Sends what is queued (within one more push's time), then stops; what is left is dropped. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        stopping = true;
        stopped.countDown();
        // Wakes a sender that waits for more lines (a full queue wakes it anyway).
        queue.offer(WAKE);
        try {
            sender.join(settings.requestTimeout().plus(settings.batchWait()).toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        queue.remove(WAKE);
        dropped.addAndGet(queue.size());
        queue.clear();
        super.stop();
    }

    /** Lines waiting to be pushed (for tests and diagnostics). */
    int queued() {
        return queue.size();
    }

    private void sendLoop() {
        List<LokiPayload.Line> batch = new ArrayList<>(settings.batchLines());
        long waitNanos = settings.batchWait().toNanos();
        try {
            while (!(stopping && queue.isEmpty())) {
                LokiPayload.Line first = queue.poll(waitNanos, TimeUnit.NANOSECONDS);
                if (first == null || first == WAKE) {
                    continue;
                }
                batch.add(first);
                fill(batch, System.nanoTime() + waitNanos);
                push(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            dropped.addAndGet(batch.size());
            Thread.currentThread().interrupt();
        }
    }

    /** Adds lines until the batch is full, its wait is over, or the appender stops. */
    private void fill(List<LokiPayload.Line> batch, long deadline) throws InterruptedException {
        while (batch.size() < settings.batchLines()) {
            queue.drainTo(batch, settings.batchLines() - batch.size());
            boolean woken = batch.removeIf(line -> line == WAKE);
            long left = deadline - System.nanoTime();
            if (woken || stopping || batch.size() >= settings.batchLines() || left <= 0) {
                return;
            }
            LokiPayload.Line next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null || next == WAKE) {
                return;
            }
            batch.add(next);
        }
    }

    /** Pushes one batch, retrying as {@link LokiRetry} says; a batch that cannot be delivered is dropped. */
    private void push(List<LokiPayload.Line> batch) throws InterruptedException {
        HttpRequest request = request(gzip(LokiPayload.encode(settings.labels(), batch)));
        for (int retry = 1; ; retry++) {
            String failure;
            Duration retryAfter = null;
            boolean retryable;
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                failure = "HTTP " + status;
                retryable = LokiRetry.retryable(status);
                retryAfter = LokiRetry.retryAfter(response.headers().firstValue("Retry-After").orElse(null),
                        Instant.now());
            } catch (IOException e) {
                // Refused, reset, timed out: Loki may be back on the next try.
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                retryable = true;
            }
            failedPushes.incrementAndGet();
            Duration wait = retryable && !stopping ? settings.retry().delayBefore(retry, retryAfter) : null;
            if (wait == null) {
                drop(batch, failure + (retryable ? (stopping ? ", while stopping" : ", retries spent")
                        : ", rejected (not retried)"));
                return;
            }
            if (stopped.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                drop(batch, failure + ", while stopping");
                return;
            }
        }
    }

    private HttpRequest request(byte[] gzipped) {
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.pushUrl())
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip");
        settings.headers().forEach(request::header);
        return request.POST(HttpRequest.BodyPublishers.ofByteArray(gzipped)).build();
    }

    /** Log lines compress about tenfold: less to send, and Loki accepts gzip-encoded JSON pushes. */
    static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void drop(List<LokiPayload.Line> batch, String why) {
        long total = dropped.addAndGet(batch.size());
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            LOG.warn("Loki push to {} failed ({}): {} log lines dropped, {} in all since start", settings.pushUrl(),
                    why, batch.size(), total);
        }
    }

    private static String text(byte[] encoded) {
        int end = encoded.length;
        while (end > 0 && (encoded[end - 1] == '\n' || encoded[end - 1] == '\r')) {
            end--;
        }
        return new String(encoded, 0, end, StandardCharsets.UTF_8);
    }
}
