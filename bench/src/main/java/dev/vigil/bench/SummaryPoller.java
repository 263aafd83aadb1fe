package dev.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls Vigil's {@code GET /api/v1/summary} as an open status page does: one request at a time,
 * a fixed pause between them, recording each answer's latency and size. It runs in the benchmark
 * JVM, which also runs Vigil, so its own (small) client cost is counted in that JVM's CPU too.
 */
final class SummaryPoller implements VigilDrain.Load {
    private static final Logger LOG = LoggerFactory.getLogger(SummaryPoller.class);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-summary-poller");
        t.setDaemon(true);
        return t;
    });
    private final List<Double> millis = new ArrayList<>();
    private long bytes;
    private int unavailable;
    private int failures;

    private SummaryPoller(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/api/v1/summary");
    }

    static SummaryPoller start(int port, Duration interval) {
        SummaryPoller poller = new SummaryPoller(port);
        poller.executor.scheduleWithFixedDelay(poller::pollOnce, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
        return poller;
    }

    private void pollOnce() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double took = (System.nanoTime() - t0) / 1e6;
            synchronized (this) {
                if (response.statusCode() == 200) {
                    millis.add(took);
                    bytes += response.body().length;
                } else if (response.statusCode() == 503) {
                    // Until Kafka Streams runs (start-up, rebalances): what an open page shows then too.
                    unavailable++;
                } else {
                    failures++;
                }
            }
        } catch (IOException e) {
            LOG.debug("summary poll failed", e);
            synchronized (this) {
                failures++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<Double> latencies() {
        return List.copyOf(millis);
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized int unavailable() {
        return unavailable;
    }

    synchronized int failures() {
        return failures;
    }

    /** Stops polling and waits for a running request to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a summary poll did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
