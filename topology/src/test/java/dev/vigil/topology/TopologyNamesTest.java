package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.ConfigLoader;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/** Internal topic and store names are an upgrade contract: nothing may be auto-named. */
class TopologyNamesTest {
    private final TopologyDescription description = VigilTopology.build(ConfigLoader.defaults()).describe();

    @Test
    void noProcessorStoreOrTopicHasAGeneratedName() {
        assertThat(description.toString()).doesNotContain("KSTREAM-", "KTABLE-", "-STATE-STORE-");
    }

    @Test
    void theRepartitionTopicAndStoresHaveTheirContractNames() {
        String text = description.toString();
        assertThat(text).contains("events-by-entity-repartition",
                StoreNames.INGEST_OUTCOMES, StoreNames.DEDUP_OUTCOMES, StoreNames.DEDUP_IDS, StoreNames.DEDUP_EXPIRY);
        // Two sub-topologies: ingest (source partitioning) and per-entity (after the re-key).
        assertThat(description.subtopologies()).hasSize(2);
    }
}
