package dev.vigil.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "gzip | true",
            "GZIP | true",
            "x-gzip | true",
            "gzip, deflate, br | true",
            "br;q=1.0, gzip;q=0.8 | true",
            "gzip; q=0.001 | true",
            "*;q=0.5 | true",
            "* | true",
            "gzip;q=0 | false",
            "gzip;q=0.0, * | false",
            "*;q=0 | false",
            "identity | false",
            "deflate, br | false",
            "gzip;q=abc | false",
            "gzip;q=2 | false",
            "'' | false",
            "NULL | false",
    })
    void answersWhetherTheResponseMayBeGzipped(String header, boolean allowed) {
        assertThat(AcceptEncoding.allowsGzip(header)).isEqualTo(allowed);
    }
}
