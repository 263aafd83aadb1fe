/**
 * The metric catalogue: names, types, help, labels, groups and bucket kinds of every aggregate metric.
 */
package dev.vigil.aggregates.metric;
