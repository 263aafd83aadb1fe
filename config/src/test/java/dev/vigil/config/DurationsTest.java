package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({
        "250ms, 250",
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "24h, 86400000",
        "1d, 86400000",
        "1w, 604800000",
        "1y, 31536000000",
        "1h30m, 5400000",
        "1m30s500ms, 90500",
        "90m, 5400000",
        "0s, 0",
        "0, 0",
    })
    void parses(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "{1} ms formats as {0}")
    @CsvSource({
        "250ms, 250",
        "30s, 30000",
        "5m, 300000",
        "1h, 3600000",
        "1d, 86400000",
        "1h30m, 5400000",
        "1m30s500ms, 90500",
        "0s, 0",
        "1w1d, 691200000",
    })
    void formats(String text, long millis) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(Duration.ofMillis(millis)))).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "1.5", "-5", "+3", "1e3"})
    void rejectsBareNumbersAsAmbiguous(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration (e.g. 30s, 5m, 1h): a bare number is ambiguous, add a unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "5 m", " 5m", "5M", "1.5h", "-5m", "5x", "m", "h5", "5m1h", "1h1h", "5ms5s",
        "P5M", "PT5M", "99999999999999999999s", "9999999999y"})
    void rejectsWhatIsNotADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + text + "' is not a duration (e.g. 30s, 5m, 1h)");
    }

    @Test
    void namesTheRuleThatIsBroken() {
        assertThatThrownBy(() -> Durations.parse("5m1h"))
                .hasMessageContaining("largest to the smallest");
        assertThatThrownBy(() -> Durations.parse("9999999999y")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatRejectsWhatCannotBeWritten() {
        assertThatThrownBy(() -> Durations.format(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.format(Duration.ofNanos(1500))).isInstanceOf(IllegalArgumentException.class);
    }
}
