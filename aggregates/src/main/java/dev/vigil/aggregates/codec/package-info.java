/**
 * Versioned binary codecs (first byte = format version) of everything Vigil stores or sends between
 * stages: series batches, series values and entity states. Compact (varints, length-prefixed UTF-8)
 * because they are on the hot path of every event.
 */
package dev.vigil.aggregates.codec;
