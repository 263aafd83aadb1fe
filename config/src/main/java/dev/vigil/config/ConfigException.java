package dev.vigil.config;

/** A configuration that cannot be used; the message names the key (e.g. {@code aggregates.grace}). */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
