package dev.vigil.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A topic declared once with its serdes, so every read and write of it uses the same ones.
 *
 * @param name       the topic name (from configuration)
 * @param keySerde   serde of the record key
 * @param valueSerde serde of the record value
 */
record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }

    public Consumed<K, V> consumed(String processorName) {
        return Consumed.with(keySerde, valueSerde).withName(processorName);
    }

    public Produced<K, V> produced(String processorName) {
        return Produced.with(keySerde, valueSerde).withName(processorName);
    }
}
