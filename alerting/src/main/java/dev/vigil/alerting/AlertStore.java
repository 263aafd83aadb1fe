package dev.vigil.alerting;

import java.util.function.Consumer;

/**
 * The alert instances of one partition, keyed by fingerprint: the topology adapts a persistent,
 * changelogged key-value store (values by {@link AlertInstanceCodec}), tests use a map. The engine
 * reads and writes only through it, so an instance survives restarts exactly as far as the store does.
 */
public interface AlertStore {

    /** The instance with this fingerprint, or null. */
    AlertInstance get(String fingerprint);

    /** Stores the instance under {@link AlertInstance#fingerprint()}. */
    void put(AlertInstance instance);

    void delete(String fingerprint);

    /**
     * Visits every stored instance, in any order. The engine does not modify the store during the
     * visit (it copies what it needs first), so an implementation may hold an open iterator.
     */
    void forEach(Consumer<AlertInstance> action);
}
