package dev.vigil.serdes;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class Rfc3339Test {

    @ParameterizedTest
    @CsvSource({
            "2026-01-15T10:30:00Z,               2026-01-15T10:30:00Z",
            "2026-01-15t10:30:00z,               2026-01-15T10:30:00Z",
            "2026-01-15T10:30:00.1Z,             2026-01-15T10:30:00.100Z",
            "2026-01-15T10:30:00.123456789Z,     2026-01-15T10:30:00.123456789Z",
            "2026-01-15T10:30:00.1234567891234Z, 2026-01-15T10:30:00.123456789Z",
            "2026-01-15T12:30:00+02:00,          2026-01-15T10:30:00Z",
            "2026-01-15T05:00:00-05:30,          2026-01-15T10:30:00Z",
            "2026-01-15T10:30:00-00:00,          2026-01-15T10:30:00Z",
            "2024-02-29T00:00:00Z,               2024-02-29T00:00:00Z",
            "2000-02-29T23:59:59Z,               2000-02-29T23:59:59Z",
            "1969-12-31T23:59:59.5Z,             1969-12-31T23:59:59.500Z",
            "0001-01-01T00:00:00Z,               0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z,               9999-12-31T23:59:59Z",
            "2016-12-31T23:59:60Z,               2016-12-31T23:59:59.999999999Z",
    })
    void validTimes(String text, String expected) {
        assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-01-15", "2026-01-15T10:30:00", "2026-01-15T10:30Z", "2026-01-15 10:30:00Z",
            "2026-1-15T10:30:00Z", "2026-01-15T10:30:00.Z", "2026-01-15T10:30:00+0200", "2026-01-15T10:30:00+02",
            "2026-01-15T10:30:00+24:00", "2026-01-15T10:30:00+02:60", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
            "2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-00T00:00:00Z",
            "2026-01-15T24:00:00Z", "2026-01-15T10:60:00Z", "2026-01-15T10:30:61Z", "2026-01-15T10:30:00ZZ",
            "2026-01-15T10:30:00Z ", " 2026-01-15T10:30:00Z", "+2026-01-15T10:30:00Z", "2026-01-15T10:30:00+02:00:00",
            "２０２６-01-15T10:30:00Z", "2026-01-15T10:30:00,5Z", "yesterday at noon, roughly"})
    void invalidTimes(String text) {
        assertThat(Rfc3339.parse(text)).isNull();
    }
}
