package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The keys of the lease-expiry store (and of entity-retirement) are an upgrade contract. */
class ExpiryIndexTest {
    private static final long T0 = 1_768_473_000_000L;

    @Test
    void aKeyIsSixteenLowerCaseHexDigitsOfTheTimeThenTheId() {
        assertThat(ExpiryIndex.key(T0, "lease-1")).isEqualTo("0000019bc1347840lease-1");
        assertThat(ExpiryIndex.key(0, "x")).isEqualTo("0000000000000000x");
        assertThat(ExpiryIndex.key(Long.MAX_VALUE, "x")).isEqualTo("7fffffffffffffffx");
        assertThat(ExpiryIndex.key(-1, "x")).as("times before 1970 clamp to 0").isEqualTo("0000000000000000x");
    }

    @Test
    void timeAndIdReadTheKeyBack() {
        String key = ExpiryIndex.key(T0, "l|1");
        assertThat(ExpiryIndex.time(key)).isEqualTo(T0);
        assertThat(ExpiryIndex.id(key)).isEqualTo("l|1");
    }

    @Test
    void boundsSeparateTheTimes() {
        assertThat(ExpiryIndex.key(T0, "zzz")).isLessThan(ExpiryIndex.bound(T0));
        assertThat(ExpiryIndex.bound(T0)).isLessThan(ExpiryIndex.key(T0 + 1, "a"));
        assertThat(ExpiryIndex.from(T0)).isLessThan(ExpiryIndex.key(T0, "a"));
        assertThat(ExpiryIndex.key(T0 - 1, "zzz")).isLessThan(ExpiryIndex.from(T0));
    }
}
