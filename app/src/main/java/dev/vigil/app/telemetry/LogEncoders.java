package dev.vigil.app.telemetry;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;

/**
 * The two line formats of {@code observability.logging.format}. JSON (docs/observability.md): one object per
 * line with {@code timestamp} (ISO 8601, UTC), {@code level}, {@code logger}, {@code thread},
 * {@code message}, {@code stack_trace} when there is one, and the MDC entries as top-level fields
 * ({@code trace_id}, {@code span_id}, {@code event_id}, {@code event_source}, {@code event_type}
 * while an event is processed). Text: the human format of the built-in logback.xml.
 */
final class LogEncoders {
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
    private static final String IGNORE = LogstashFieldNames.IGNORE_FIELD_INDICATOR;

    private LogEncoders() {
    }

    /** A started encoder for {@code format} ({@code json} or {@code text}). */
    public static Encoder<ILoggingEvent> of(String format, LoggerContext context) {
        return format.equals("json") ? json(context) : text(context);
    }

    static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = new LogstashFieldNames();
        names.setTimestamp("timestamp");
        names.setLogger("logger");
        names.setThread("thread");
        names.setVersion(IGNORE);
        names.setLevelValue(IGNORE);
        encoder.setFieldNames(names);
        encoder.setTimeZone("UTC");
        // Logback's context properties (HOSTNAME...) are not about the line; Loki's labels say where it came from.
        encoder.setIncludeContext(false);
        encoder.start();
        return encoder;
    }

    static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }
}
