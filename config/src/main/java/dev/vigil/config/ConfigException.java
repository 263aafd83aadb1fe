package dev.vigil.config;

import java.util.List;

/**
 * A configuration that cannot be used; the message names the key (e.g. {@code aggregates.grace}). When loading
 * finds several problems, {@link #errors()} lists them all, one per entry, and the message shows them one per
 * line under a first line that names the file.
 */
public class ConfigException extends RuntimeException {
    private final List<String> errors;

    public ConfigException(String message) {
        super(message);
        this.errors = List.of(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.errors = List.of(message);
    }

    /**
     * @param message the whole report
     * @param errors  each problem on its own, in the order found
     */
    public ConfigException(String message, List<String> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** Every problem found, each naming its key (and where it came from: a file line or a variable). */
    public List<String> errors() {
        return errors;
    }
}
