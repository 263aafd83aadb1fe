/**
 * Alerting: the rule model of CONTRACT §4 (threshold, absent, burn rate), the per-instance state
 * machine inactive → pending → firing → resolved, fingerprints, deterministic alert ids and the
 * alert event data of §5.
 *
 * <p>Plain Java only, no Kafka: the topology module triggers evaluation and persists the state.
 */
package dev.vigil.alerting;
