package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Internal topic and store names are an upgrade contract: nothing may be auto-named. */
class TopologyNamesTest {
    private final TopologyDescription description =
            VigilTopology.build(TopologySettings.from(ConfigLoader.defaults())).describe();

    @Test
    void noProcessorStoreOrTopicHasAGeneratedName() {
        assertThat(description.toString()).doesNotContain("KSTREAM-", "KTABLE-", "-STATE-STORE-");
    }

    @Test
    void theRepartitionTopicAndStoresHaveTheirContractNames() {
        String text = description.toString();
        assertThat(text).contains("events-by-entity-repartition", "series-updates-repartition",
                StoreNames.INGEST_OUTCOMES, StoreNames.DEDUP_OUTCOMES, StoreNames.DEDUP_SEEN, StoreNames.EVENT_CLOCK,
                StoreNames.TASK_STATE, StoreNames.STEP_STATE, StoreNames.LEASE_STATE, StoreNames.LEASE_EXPIRY,
                StoreNames.POOL_STATE, StoreNames.ENTITY_RETIREMENT, StoreNames.SERIES,
                StoreNames.ALERT_STATE, StoreNames.ALERT_OUTCOMES, StoreNames.SERIES_CLOCK, "alerts-sink");
        // Two sub-topologies: ingest and entities on the input partitions (records outside their
        // entity's partition come back through events-by-entity into the same tasks), then series
        // (after the re-key by metric group).
        assertThat(description.subtopologies()).hasSize(2);
    }

    @Test
    void inputKeyedByEntitySkipsTheEventsByEntityRepartition() {
        TopologyDescription keyed = VigilTopology.build(TopologySettings.from(ConfigLoader.fromYaml(
                "topics: {input_keyed_by_entity: true}", java.util.Map.of()))).describe();
        String text = keyed.toString();
        assertThat(text).doesNotContain("events-by-entity").contains("series-updates-repartition",
                StoreNames.DEDUP_SEEN, StoreNames.EVENT_CLOCK, StoreNames.TASK_STATE);
        // Ingest, dedup and entities in one sub-topology on the input partitions; then series.
        assertThat(keyed.subtopologies()).hasSize(2);
    }
}
