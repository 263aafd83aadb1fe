package dev.vigil.app.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to push a batch again that Loki refused for now ({@code 429 Too Many Requests}, any
 * {@code 5xx}) or that never got an answer (connection refused or reset, timed out). Other
 * answers ({@code 400} for a line Loki rejects, {@code 401}/{@code 403}...) would be the same
 * again and are not retried.
 *
 * <p>The waits double from {@code firstBackoff} up to {@code maxBackoff}, each with jitter (a
 * random wait between half and all of it, so that the replicas a Loki outage hit together do not
 * come back together); a {@code Retry-After} answer is waited for if longer, capped at
 * {@code maxBackoff}. After {@code maxRetries} retries the batch is dropped. While a batch waits,
 * new lines wait in the appender's bounded queue (and are dropped when it is full): retries never
 * hold more memory than the queue and one batch. Resending a push Loki did store after all (a
 * timeout after it was written) is harmless: Loki keeps one copy of a line whose stream,
 * timestamp and text are the same.
 */
public record LokiRetry(Duration firstBackoff, Duration maxBackoff, int maxRetries) {
    /** As Grafana's own Loki clients (Promtail, Alloy) do: from 500 ms, at most 5 min apart, 10 retries. */
    public static final LokiRetry DEFAULT = new LokiRetry(Duration.ofMillis(500), Duration.ofMinutes(5), 10);

    public LokiRetry {
        Objects.requireNonNull(firstBackoff, "firstBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0 || maxRetries < 0) {
            throw new IllegalArgumentException("need 0 <= firstBackoff <= maxBackoff and maxRetries >= 0");
        }
    }

    /** Whether an HTTP status means "not now" rather than "never". */
    static boolean retryable(int status) {
        return status == 429 || status / 100 == 5;
    }

    /**
     * The wait before retry {@code retry} (1 = the first), or null when the retries are spent.
     *
     * @param retryAfter what the answer's {@code Retry-After} asked for, or null
     */
    Duration delayBefore(int retry, Duration retryAfter) {
        if (retry < 1 || retry > maxRetries) {
            return null;
        }
        Duration full = firstBackoff;
        for (int i = 1; i < retry && full.compareTo(maxBackoff) < 0; i++) {
            full = full.multipliedBy(2);
        }
        if (full.compareTo(maxBackoff) > 0) {
            full = maxBackoff;
        }
        long halfNanos = full.toNanos() / 2;
        Duration jittered = Duration.ofNanos(halfNanos + ThreadLocalRandom.current().nextLong(full.toNanos() - halfNanos + 1));
        if (retryAfter != null && retryAfter.compareTo(jittered) > 0) {
            return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
        }
        return jittered;
    }

    /**
     * A {@code Retry-After} header (RFC 9110: delay-seconds or an HTTP-date) as a wait from
     * {@code now}; null when absent or unreadable.
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration wait = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
