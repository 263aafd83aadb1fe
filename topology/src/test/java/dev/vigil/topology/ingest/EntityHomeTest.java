package dev.vigil.topology.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EntityHomeTest {
    /** A producer that keys by entity must land where Vigil looks for the entity, or every record crosses. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 6, 12, 64})
    void placesAnEntityWhereKafkasDefaultPartitionerPutsItsKey(int partitions) {
        EntityHome home = new EntityHome(partitions);
        for (int i = 0; i < 10_000; i++) {
            String key = (i % 3 == 0 ? "task-" : i % 3 == 1 ? "lease-é-" : "call/") + i;
            int producers = BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions);
            assertThat(home.partition(key)).as(key).isEqualTo(producers);
            assertThat(home.partitions("t", key, null, partitions)).contains(Set.of(producers));
        }
    }

    @Test
    void refusesAPartitionCountBelowOne() {
        assertThatThrownBy(() -> new EntityHome(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("> 0");
    }
}
