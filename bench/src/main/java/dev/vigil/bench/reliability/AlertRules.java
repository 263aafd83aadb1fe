package dev.vigil.bench.reliability;

/** Alert rules for the crash runs: they break and clear often in the simulated world, so alerts pend, fire and resolve throughout. */
final class AlertRules {
    private AlertRules() {
    }

    /** An {@code alerts:} section: a flapping threshold rule and one with a {@code for} timer (stream time). */
    static final String FLAPPING = String.join("\n",
            "alerts:",
            "  rules:",
            "    - name: QueueDeep",
            "      metric: queue_depth",
            "      group_by: [capability]",
            "      op: \">\"",
            "      threshold: 2",
            "      resolve_threshold: 1",
            "      severity: info",
            "    - name: PoolBusy",
            "      metric: lease_utilization",
            "      group_by: [pool]",
            "      op: \">\"",
            "      threshold: 0.5",
            "      for: 30s",
            "      severity: warning",
            "");
}
