package dev.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes Vigil's {@code /metrics} in a loop, one scrape at a time with a fixed pause between them,
 * recording how long each took (request sent to body fully read) and how many sample lines and
 * series it showed ({@link SeriesCount}). The request has no {@code Accept} header, so Vigil answers
 * with its default, the Prometheus text format ({@code text/plain; version=0.0.4}).
 */
final class Scraper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);

    /** One scrape: its latency, its sample lines (all, and of Vigil's own metrics) and Vigil's series. */
    record Scrape(double millis, int samples, int vigilSamples, int vigilSeries, int bytes) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-scraper");
        t.setDaemon(true);
        return t;
    });
    private final List<Scrape> scrapes = new ArrayList<>();
    private int failures;
    private String contentType;

    Scraper(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    void start(Duration interval) {
        executor.scheduleWithFixedDelay(this::scrapeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scrapeOnce() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double millis = (System.nanoTime() - t0) / 1e6;
            if (response.statusCode() != 200) {
                record(null);
                return;
            }
            // Counted after the clock stopped: the count is the driver's work, not Vigil's.
            SeriesCount.Counts counts = SeriesCount.of(new String(response.body(), StandardCharsets.UTF_8), null);
            synchronized (this) {
                contentType = response.headers().firstValue("Content-Type").orElse("");
            }
            record(new Scrape(millis, counts.samples(), counts.vigilSamples(), counts.vigilSeries(),
                    response.body().length));
        } catch (IOException e) {
            LOG.debug("scrape failed", e);
            record(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void record(Scrape scrape) {
        if (scrape == null) {
            failures++;
        } else {
            scrapes.add(scrape);
        }
    }

    synchronized List<Scrape> scrapes() {
        return List.copyOf(scrapes);
    }

    synchronized int failures() {
        return failures;
    }

    /** The Content-Type of the last successful scrape, or null before the first. */
    synchronized String contentType() {
        return contentType;
    }

    /** Stops scraping and waits for a running scrape to finish. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("a scrape did not finish within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
