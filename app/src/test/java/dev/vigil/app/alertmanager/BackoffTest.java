package dev.vigil.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleAndStayWithinHalfTheResendInterval() {
        Backoff b = Backoff.within(Duration.ofMinutes(1));

        assertThat(b.delays()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(b.delays().stream().mapToLong(Duration::toMillis).sum()).isLessThanOrEqualTo(30_000);
        assertThat(b.delayBefore(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delayBefore(6)).isNull();
        assertThat(b.delayBefore(0)).isNull();
    }

    @Test
    void aShortIntervalStillGetsRetries() {
        Backoff b = Backoff.within(Duration.ofSeconds(5));

        assertThat(b.delays()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(Backoff.within(Duration.ofMillis(100)).delays()).isNotEmpty();
    }
}
