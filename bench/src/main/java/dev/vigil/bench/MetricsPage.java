package dev.vigil.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads Vigil's {@code /metrics} for the driver's own checks (is everything consumed, are the
 * series there), as opposed to {@link Scraper}, which times scrapes.
 */
final class MetricsPage {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;

    MetricsPage(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    /** The exposition, or null while Vigil does not answer 200 (starting, or not listening yet). */
    String fetch() {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
    }

    /**
     * The sum of every sample of the metric {@code name} (all label sets) in an exposition; 0 when
     * absent. A scan of the lines, not a parse of the page: it runs several times a second.
     */
    static double sum(String exposition, String name) {
        double sum = 0;
        int start = 0;
        while (start < exposition.length()) {
            int end = exposition.indexOf('\n', start);
            if (end < 0) {
                end = exposition.length();
            }
            if (exposition.startsWith(name, start) && start + name.length() < end) {
                char next = exposition.charAt(start + name.length());
                if (next == '{' || next == ' ') {
                    String line = exposition.substring(start, end);
                    // The value follows the labels, and label values may hold spaces: take the last field.
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            start = end + 1;
        }
        return sum;
    }
}
