/**
 * Alerting: the rule model of docs/alerting.md (threshold, absent, burn rate), the per-instance state
 * machine inactive → pending → firing → resolved, fingerprints, deterministic alert ids and the
 * alert event data of docs/alerting.md, Alert events.
 *
 * <p>Plain Java only, no Kafka: the topology module triggers evaluation and persists the state.
 *
 * <p>API, for the topology and app modules: {@code Rules} (parse), {@code Rule}, {@code DefaultRules}, {@code AlertEngine},
 * {@code AlertStore}, {@code SeriesView}, {@code AlertInstance} and its codec, {@code AlertTransition},
 * {@code AlertEvent} and its codec, {@code Templates} and {@code RuleException}. {@code Condition} (one
 * implementation per rule kind) and {@code Judgement} are public only because {@code Rule} exposes its
 * condition; adding a kind means one new {@code Condition} and one {@code Rule.Kind} constant.
 */
package dev.vigil.alerting;
