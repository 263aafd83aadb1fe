package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampWindowTest {
    private static final long NOW = 1_800_000_000_000L;

    @Test
    void acceptsFromBeforeToAfterAroundNow() {
        TimestampWindow window = TimestampWindow.of(60_000, 3_600_000);

        assertThat(window.accepts(NOW, NOW)).isTrue();
        assertThat(window.accepts(NOW - 60_000, NOW)).isTrue();
        assertThat(window.accepts(NOW - 60_001, NOW)).isFalse();
        assertThat(window.accepts(NOW + 3_600_000, NOW)).isTrue();
        assertThat(window.accepts(NOW + 3_600_001, NOW)).isFalse();
    }

    @Test
    void anyTakesEveryTimestampWithoutOverflow() {
        assertThat(TimestampWindow.ANY.accepts(0, NOW)).isTrue();
        assertThat(TimestampWindow.ANY.accepts(Long.MAX_VALUE, NOW)).isTrue();
        assertThat(TimestampWindow.ANY.accepts(-1, Long.MAX_VALUE)).isTrue();
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatThrownBy(() -> TimestampWindow.of(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
