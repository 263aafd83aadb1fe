package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The JSON line of docs/observability.md and the human text line, written through a real Logback logger. */
class LogEncodersTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("dev.vigil.test.Encoded");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;

    private void writeWith(String format) {
        appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogEncoders.of(format, context));
        appender.setOutputStream(out);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(null);
        MDC.clear();
    }

    @Test
    void aJsonLineCarriesTheContractsFieldsAndTheMdcIds() throws Exception {
        writeWith("json");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        MDC.put("span_id", "00f067aa0ba902b7");
        MDC.put("event_id", "evt-1");
        logger.info("accepted {}", "agent.call.completed");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").hasLineCount(1);
        JsonNode line = new ObjectMapper().readTree(text);
        assertThat(Instant.parse(line.get("timestamp").asText())).isBetween(before, Instant.now());
        assertThat(line.get("timestamp").asText()).endsWith("Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("dev.vigil.test.Encoded");
        assertThat(line.get("message").asText()).isEqualTo("accepted agent.call.completed");
        assertThat(line.get("trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(line.get("span_id").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(line.get("event_id").asText()).isEqualTo("evt-1");
        assertThat(line.has("@version")).isFalse();
        assertThat(line.has("level_value")).isFalse();
    }

    @Test
    void aJsonLineKeepsTheStackTrace() throws Exception {
        writeWith("json");
        logger.error("failed", new IllegalStateException("boom"));
        JsonNode line = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("stack_trace").asText()).contains("IllegalStateException: boom");
    }

    @Test
    void aTextLineIsForPeople() {
        writeWith("text");
        logger.warn("Loki is slow");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  \\[[^]]+] dev\\.vigil\\.test\\.Encoded - Loki is slow\\R");
    }
}
