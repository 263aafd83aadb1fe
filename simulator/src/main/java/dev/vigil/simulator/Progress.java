package dev.vigil.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * A progress report of a {@link Simulator} run, about once a second and once at the end.
 *
 * @param sent          records handed to the producer so far
 * @param acknowledged  records the broker acknowledged so far
 * @param ratePerSecond records sent per second since the previous report
 * @param elapsed       wall time since the run started
 * @param simulatedTime the simulated clock
 * @param finished      true for the last report of a run
 */
public record Progress(long sent, long acknowledged, double ratePerSecond, Duration elapsed, Instant simulatedTime,
                       boolean finished) {
}
