package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The retry policy of Loki pushes: which answers, how long between tries, Retry-After. */
class LokiRetryTest {
    private final LokiRetry retry = new LokiRetry(Duration.ofMillis(100), Duration.ofSeconds(1), 6);

    @Test
    void only429And5xxAreRetried() {
        assertThat(LokiRetry.retryable(429)).isTrue();
        assertThat(LokiRetry.retryable(500)).isTrue();
        assertThat(LokiRetry.retryable(503)).isTrue();
        assertThat(LokiRetry.retryable(400)).isFalse();
        assertThat(LokiRetry.retryable(401)).isFalse();
        assertThat(LokiRetry.retryable(413)).isFalse();
    }

    @Test
    void waitsDoubleWithJitterUpToTheCapAndEndAfterMaxRetries() {
        for (int i = 0; i < 200; i++) {
            assertThat(retry.delayBefore(1, null)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(retry.delayBefore(2, null)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(retry.delayBefore(4, null)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
            assertThat(retry.delayBefore(6, null)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        }
        assertThat(retry.delayBefore(7, null)).isNull();
        assertThat(retry.delayBefore(0, null)).isNull();
        // Jitter: not every wait is the same.
        assertThat(java.util.stream.IntStream.range(0, 50).mapToObj(i -> retry.delayBefore(3, null)).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void aLongerRetryAfterIsWaitedForUpToTheCap() {
        assertThat(retry.delayBefore(1, Duration.ofMillis(700))).isEqualTo(Duration.ofMillis(700));
        assertThat(retry.delayBefore(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
        assertThat(retry.delayBefore(1, Duration.ZERO)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-12-06T02:00:00Z");
        assertThat(LokiRetry.retryAfter("3", now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(LokiRetry.retryAfter("Sun, 06 Dec 2026 02:00:10 GMT", now)).isEqualTo(Duration.ofSeconds(10));
        assertThat(LokiRetry.retryAfter("Sun, 06 Dec 2026 01:00:00 GMT", now)).isEqualTo(Duration.ZERO);
        assertThat(LokiRetry.retryAfter("soon", now)).isNull();
        assertThat(LokiRetry.retryAfter("-1", now)).isNull();
        assertThat(LokiRetry.retryAfter(null, now)).isNull();
    }
}
