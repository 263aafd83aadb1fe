/**
 * A seeded simulator of an agent orchestration platform publishing CloudEvents 1.0 to Kafka, with the exact
 * ground truth Vigil must report for it. Independent of Vigil's own parsing code: it is what the processor is
 * tested against.
 *
 * <ul>
 *   <li>{@link dev.vigil.simulator.EventGenerator}: pure, seeded, infinite {@code Iterator<SimRecord>}; each
 *       {@link dev.vigil.simulator.SimRecord} carries its bytes (key, value, headers, timestamp) and its
 *       {@link dev.vigil.simulator.Expected} verdict (outcome, type label, dead-letter reason, and for valid records
 *       the {@link dev.vigil.simulator.SimEvent} itself, from which metric truth can be computed).</li>
 *   <li>{@link dev.vigil.simulator.TruthAccumulator} → {@link dev.vigil.simulator.GroundTruth} (JSON file).</li>
 *   <li>{@link dev.vigil.simulator.Simulator}: publishes with an idempotent producer and returns the truth of
 *       exactly the acknowledged records.</li>
 * </ul>
 *
 * <p>The world: tasks (from {@code orchestrator} / {@code orchestrator-eu}) go submitted → running → 1–5 steps
 * (planner, researcher, browser-agent, coder, reviewer; queued → running → terminal, failed steps retried with
 * attempt 2–3) → succeeded / failed / cancelled. Steps make agent calls ({@code llm-gateway}; gpt-4o, gpt-4o-mini,
 * claude-sonnet-4, llama-3-70b; some with their own {@code cost_usd}) and hold leases on the {@code browser} and
 * {@code gpu} pools (released, revoked, expired, or never released so they expire by TTL).
 * {@code pool-manager} reports each pool every 10–20 s. About 40 tasks are in flight at once; the simulated clock
 * advances a few ms to a few s per record. A few events are published out of order within their entity (a late
 * submitted, running after the terminal status, released before acquired, an overtaken pool report), at most
 * four minutes late.
 */
package dev.vigil.simulator;
