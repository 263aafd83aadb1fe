/**
 * The entity stage's state machines: tasks, steps, leases and pools (and the stateless calls),
 * each turning one event and the entity's previous state into its next state and the series
 * updates the event causes, per docs/aggregates.md and the out-of-order rules of docs/events.md, Ordering.
 */
package dev.vigil.aggregates.entity;
