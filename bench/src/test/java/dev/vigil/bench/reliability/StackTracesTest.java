package dev.vigil.bench.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StackTracesTest {
    @Test
    void framesCausesAndThrowableHeadersAreTraceLines() {
        assertThat(StackTraces.isTraceLine("\tat dev.vigil.serdes.CloudEventParser.parse(CloudEventParser.java:120)"))
                .isTrue();
        assertThat(StackTraces.isTraceLine("    at java.base/java.lang.Thread.run(Thread.java:1583)")).isTrue();
        assertThat(StackTraces.isTraceLine("\t... 12 more")).isTrue();
        assertThat(StackTraces.isTraceLine("Caused by: java.io.IOException: broken pipe")).isTrue();
        assertThat(StackTraces.isTraceLine("\tSuppressed: java.lang.IllegalStateException")).isTrue();
        assertThat(StackTraces.isTraceLine("java.lang.IllegalStateException: boom")).isTrue();
        assertThat(StackTraces.isTraceLine("java.lang.StackOverflowError")).isTrue();
        assertThat(StackTraces.isTraceLine("Exception in thread \"main\" java.lang.Error")).isTrue();
    }

    @Test
    void logMessagesThatNameAnExceptionAreNot() {
        assertThat(StackTraces.isTraceLine("06:01:02.123 WARN  [main] d.v.a.Main - refused: java.io.IOException: x"))
                .isFalse();
        assertThat(StackTraces.isTraceLine("06:01:02.123 INFO  [main] d.v.a.Main - at least one record")).isFalse();
        assertThat(StackTraces.isTraceLine("")).isFalse();
    }
}
