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
 *   <li>{@link dev.vigil.simulator.TruthAccumulator} → {@link dev.vigil.simulator.GroundTruth} (JSON file): the
 *       self-metrics ({@code vigil_events_total}, {@code vigil_dlq_total}).</li>
 *   <li>{@link dev.vigil.simulator.MetricsOracle}: the exact metrics of docs/metrics.md (but {@code alerts_firing}), plus
 *       {@code vigil_late_events_total} and {@code vigil_unpriced_calls_total}, re-implemented from
 *       docs/aggregates.md for given {@link dev.vigil.simulator.TruthSettings} (Vigil's defaults and the input
 *       topic's partition count), as Prometheus sample keys ({@link dev.vigil.simulator.PrometheusSamples}, which
 *       also parses a scraped page and compares it with the truth).</li>
 *   <li>{@link dev.vigil.simulator.Simulator}: publishes with an idempotent producer and returns the truth of
 *       exactly the acknowledged records, metric samples included.</li>
 * </ul>
 *
 * <p>The world: tasks (from {@code orchestrator} / {@code orchestrator-eu}) go submitted → running → 1–5 steps
 * (planner, researcher, browser-agent, coder, reviewer; queued → running → terminal, failed steps retried with
 * attempt 2–3) → succeeded / failed / cancelled. Steps make agent calls ({@code llm-gateway}; gpt-4o, gpt-4o-mini,
 * claude-sonnet-4-5-20250929, llama-3-70b; some with their own {@code cost_usd}) and hold leases on the {@code browser} and
 * {@code gpu} pools (released, revoked, released as {@code expired} before or after their TTL, or never released:
 * with a TTL they expire by it, without one Vigil holds them forever). {@code pool-manager} reports each pool every
 * 10–20 s, with a capacity and health that change now and then. About 40 tasks are in flight at once; the
 * simulated clock advances a few ms to a few s per record (20,000 records span about 14 simulated minutes). A few
 * events are published out of order within their entity (a late submitted, running after the terminal status,
 * released before acquired, an overtaken pool report), at most four minutes late, and a few call reports 6–10
 * minutes late, beyond Vigil's default grace.
 */
package dev.vigil.simulator;
