package dev.vigil.app.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets through only the lines of loggers under a prefix ({@code dev.vigil}): Vigil's own lines, for a
 * console a person watches, while libraries' lines go to a file (see
 * {@link LoggingSetup#applyForPeople}).
 */
final class VigilLinesFilter extends Filter<ILoggingEvent> {
    private final String prefix;

    VigilLinesFilter(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String logger = event.getLoggerName();
        boolean own = logger.equals(prefix) || logger.startsWith(prefix + ".");
        return own ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
