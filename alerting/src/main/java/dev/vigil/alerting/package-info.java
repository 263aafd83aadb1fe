/**
 * Alerting: the rule model of docs/alerting.md (threshold, absent, burn rate), the per-instance state
 * machine inactive → pending → firing → resolved, fingerprints, deterministic alert ids and the
 * alert event data of docs/alerting.md, Alert events.
 *
 * <p>Plain Java only, no Kafka: the topology module triggers evaluation and persists the state.
 */
package dev.vigil.alerting;
