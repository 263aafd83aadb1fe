package dev.vigil.app.telemetry;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.vigil.config.VigilConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Configures Logback from {@code observability.logging} at start-up (replacing the built-in
 * logback.xml, which only covers the moments before):
 * <ul>
 *   <li>{@code enabled: false}: no log output at all.</li>
 *   <li>{@code level}: Vigil's own loggers ({@code dev.vigil}); libraries (Kafka...) log at WARN
 *       and above, or at {@code level} when that is stricter.</li>
 *   <li>{@code exporter: stdout}: lines in {@code format} on standard output.
 *       {@code exporter: loki}: lines in {@code format} pushed to {@code loki_url} by a
 *       {@link LokiAppender} (with {@code loki_tenant_id} and the credentials, read from their files
 *       here); warnings and errors also go to standard error, so that a Vigil that cannot reach Loki
 *       still says why, and the appender's own warnings go there only.</li>
 * </ul>
 * java.util.logging (the OpenTelemetry SDK's own messages and its {@code logging} span exporter)
 * is routed into the same output.
 *
 * <p>{@link #applyForPeople} is the same, for a console a person watches ({@code vigil demo}): the
 * console gets Vigil's own lines only, and every line, libraries' warnings included, goes to a file.
 */
public final class LoggingSetup {
    static final String VIGIL_LOGGERS = "dev.vigil";
    /** The OpenTelemetry logging span exporter writes one INFO line per span. */
    static final String SPAN_LOGGER = "io.opentelemetry.exporter.logging";

    private LoggingSetup() {
    }

    /** As the configuration says, with this host's name as Loki's {@code instance} label. */
    public static void apply(VigilConfig.Logging logging) {
        apply(logging, logging.lokiUrl() == null ? null : LokiSettings.of(logging, hostName()));
    }

    /** @param loki the Loki appender's settings when the exporter is {@code loki}, else ignored */
    public static void apply(VigilConfig.Logging logging, LokiSettings loki) {
        apply(logging, loki, null);
    }

    /**
     * As {@link #apply(VigilConfig.Logging)}, but the console (standard output, or standard error
     * beside Loki) shows only Vigil's own lines; every line, libraries' included, also goes to
     * {@code fullLog}, in {@code format}. Libraries' warnings mean something to an operator reading
     * logs, not to a person watching a demo's summary.
     */
    public static void applyForPeople(VigilConfig.Logging logging, Path fullLog) {
        apply(logging, logging.lokiUrl() == null ? null : LokiSettings.of(logging, hostName()), fullLog);
    }

    private static void apply(VigilConfig.Logging logging, LokiSettings loki, Path fullLog) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        // Stops the current appenders (a Loki appender sends what it holds).
        context.reset();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        if (!logging.enabled()) {
            root.setLevel(Level.OFF);
            return;
        }
        // java.util.logging levels follow Logback's, so disabled JUL records are not even created.
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(context);
        propagator.setResetJUL(true);
        propagator.start();
        context.addListener(propagator);

        Level level = Level.toLevel(logging.level());
        root.setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
        context.getLogger(VIGIL_LOGGERS).setLevel(level);
        context.getLogger(SPAN_LOGGER).setLevel(Level.INFO);

        Encoder<ILoggingEvent> encoder = LogEncoders.of(logging.format(), context);
        if (logging.exporter().equals("loki")) {
            LokiAppender lokiAppender = new LokiAppender(loki, encoder);
            attach(root, lokiAppender, "loki", context);
            ConsoleAppender<ILoggingEvent> stderr = console("System.err", LogEncoders.of(logging.format(), context));
            ThresholdFilter warnings = new ThresholdFilter();
            warnings.setLevel(Level.WARN.toString());
            warnings.start();
            stderr.addFilter(warnings);
            attach(root, onlyVigilsIf(fullLog != null, stderr), "stderr", context);
            // The appender's own warnings (Loki unreachable, lines dropped) go to standard error only:
            // through the Loki appender they would wait in the queue of the very push that failed.
            Logger lokiWarnings = context.getLogger(LokiAppender.class);
            lokiWarnings.setAdditive(false);
            lokiWarnings.addAppender(stderr);
        } else {
            attach(root, onlyVigilsIf(fullLog != null, console("System.out", encoder)), "stdout", context);
        }
        if (fullLog != null) {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(fullLog.toString());
            file.setEncoder(LogEncoders.of(logging.format(), context));
            attach(root, file, "file", context);
        }

        SLF4JBridgeHandler.removeHandlersForRootLogger();
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.install();
        }
    }

    /** At exit: stops the appenders, so the Loki appender sends the lines it still holds. */
    public static void stop() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    private static ConsoleAppender<ILoggingEvent> onlyVigilsIf(boolean condition, ConsoleAppender<ILoggingEvent> console) {
        if (condition) {
            VigilLinesFilter filter = new VigilLinesFilter(VIGIL_LOGGERS);
            filter.start();
            console.addFilter(filter);
        }
        return console;
    }

    private static ConsoleAppender<ILoggingEvent> console(String target, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget(target);
        console.setEncoder(encoder);
        return console;
    }

    private static void attach(Logger root, Appender<ILoggingEvent> appender, String name, LoggerContext context) {
        appender.setName(name);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    /** The {@code instance} label: this host's name. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
