package dev.vigil.topology.entity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.entity.StepKey;
import dev.vigil.topology.entity.RetirementKey.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The keys of the entity-retirement store are an upgrade contract: their text must never change. */
class RetirementKeyTest {
    private static final long T0 = 1_768_473_000_000L;

    @Test
    void keysAreSixteenHexDigitsOfTheTimeThenTheKindTagThenTheEntityKey() {
        assertThat(new RetirementKey(T0, Kind.TASK, "t-1").encode()).isEqualTo("0000019bc1347840t|t-1");
        assertThat(new RetirementKey(T0, Kind.LEASE, "lease|7").encode()).isEqualTo("0000019bc1347840l|lease|7");
        String step = new StepKey("t-1", "s-1", 2).encode();
        assertThat(new RetirementKey(0, Kind.STEP, step).encode()).isEqualTo("0000000000000000s|" + step);
    }

    @Test
    void timesBefore1970AreStoredAndReadAsZero() {
        String encoded = new RetirementKey(-5, Kind.TASK, "t").encode();
        assertThat(encoded).isEqualTo("0000000000000000t|t");
        assertThat(RetirementKey.decode(encoded)).isEqualTo(new RetirementKey(0, Kind.TASK, "t"));
    }

    static Stream<RetirementKey> keys() {
        return Stream.of(
                new RetirementKey(0, Kind.TASK, "t"),
                new RetirementKey(T0, Kind.STEP, new StepKey("t|1", "s:2", 3).encode()),
                new RetirementKey(Long.MAX_VALUE, Kind.LEASE, "l"),
                // An entity key may hold anything, a tag included: only the first two characters are the kind.
                new RetirementKey(T0, Kind.TASK, "s|t|l|"),
                new RetirementKey(T0, Kind.LEASE, ""));
    }

    @ParameterizedTest
    @MethodSource("keys")
    void everyKeyRoundTrips(RetirementKey key) {
        assertThat(RetirementKey.decode(key.encode())).isEqualTo(key);
    }

    @Test
    void keysSortByTheTimeTheEntityEnded() {
        String earlier = new RetirementKey(T0, Kind.TASK, "zzz").encode();
        String later = new RetirementKey(T0 + 1, Kind.LEASE, "aaa").encode();
        assertThat(earlier).isLessThan(later);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0000019bc1347840", "0000019bc1347840t", "0000019bc1347840x|t", "not hex digits!!t|t"})
    void anythingElseIsRejected(String text) {
        assertThatThrownBy(() -> RetirementKey.decode(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
