package dev.vigil.testkit;

/**
 * Thrown when the child-JVM Kafka broker of {@link KafkaBroker} cannot be formatted, started, stopped
 * or asked to do something (for example create a topic).
 *
 * <p>Start failures carry the tail of the broker log in their message, so that the cause (a bad
 * property, a port already in use, ...) is visible in a test report without opening any file.
 */
public class KafkaBrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, possibly followed by the tail of the broker log
     */
    public KafkaBrokerException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, possibly followed by the tail of the broker log
     * @param cause   the underlying failure
     */
    public KafkaBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
