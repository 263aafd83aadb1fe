package dev.vigil.bench.reliability;

/**
 * One run of the reliability driver: it sets up what it needs (its own broker, topics, Vigil
 * processes) in the context's work directory, does its damage, and ends with an exact comparison
 * against the simulator's truth.
 */
interface ReliabilityRun {
    /** The name on the command line, e.g. {@code processor-kills}. */
    String name();

    /** One sentence for {@code --help}. */
    String description();

    RunResult run(RunContext context) throws Exception;
}
