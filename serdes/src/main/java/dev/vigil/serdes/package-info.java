/**
 * Serdes: bytes ⇄ CloudEvents ⇄ typed agent events (docs/events.md), validation with the reasons of
 * docs/dead-letters.md, and the dead-letter records themselves.
 *
 * <p>API, for the topology module: {@code CloudEventParser} and its {@code ParseResult},
 * {@code AgentEventSerde} (the internal binary form of an event), {@code DeadLetters} and
 * {@code DlqReason}; the event types of {@code dev.vigil.serdes.event}; and the byte reader/writer of
 * {@code dev.vigil.serdes.binary}, shared with the aggregates codecs. {@code Bounds} is public only for
 * the sibling {@code event} package. Everything else is package-private.
 */
package dev.vigil.serdes;
