package dev.vigil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the child JVM started by {@link KafkaBroker}: runs {@code kafka.Kafka} and adds a
 * parent watchdog.
 *
 * <p>The parent keeps a pipe open on this process's standard input and never writes to it. When
 * the parent goes away for any reason, including {@code kill -9} or a test fork being killed on
 * timeout (cases where its shutdown hook cannot run), the pipe is closed, the read below sees end
 * of stream, and the broker shuts down instead of running on as an orphan. If a graceful shutdown
 * hangs, the JVM is halted after {@link #HALT_AFTER_SECONDS}.
 *
 * <p>Internal to the testkit; not an API.
 */
final class BrokerMain {

    /** How long a graceful shutdown may take once the parent is gone. */
    static final long HALT_AFTER_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    /**
     * Starts the parent watchdog, then runs the Kafka server until it exits.
     *
     * @param args the arguments of {@code kafka.Kafka}: the path of {@code server.properties}
     */
    public static void main(String[] args) {
        Thread watchdog = new Thread(BrokerMain::watchParent, "vigil-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    private static void watchParent() {
        byte[] buffer = new byte[256];
        try {
            InputStream in = System.in;
            while (in.read(buffer) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of stream: the parent is gone.
        }
        LOG.warn("The parent process is gone (stdin closed); shutting the broker down");
        Thread halter = new Thread(() -> {
            try {
                TimeUnit.SECONDS.sleep(HALT_AFTER_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(2);
        }, "vigil-halt-timer");
        halter.setDaemon(true);
        halter.start();
        // Runs Kafka's own shutdown hook, i.e. a controlled shutdown.
        System.exit(0);
    }
}
