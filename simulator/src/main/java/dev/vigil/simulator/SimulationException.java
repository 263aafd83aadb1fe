package dev.vigil.simulator;

/** A run that cannot vouch for its ground truth, e.g. because a record could not be published. */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimulationException(String message, Throwable cause) {
        super(message, cause);
    }
}
