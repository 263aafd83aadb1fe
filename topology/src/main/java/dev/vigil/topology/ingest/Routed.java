package dev.vigil.topology.ingest;

import dev.vigil.serdes.event.AgentEvent;

/**
 * A valid event keyed by its entity, and whether its input partition already is its entity's
 * ({@link EntityHome}): then it needs no trip through {@code events-by-entity}.
 */
public record Routed(AgentEvent event, boolean home) {
}
