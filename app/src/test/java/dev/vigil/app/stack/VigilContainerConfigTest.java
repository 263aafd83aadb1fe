package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.PriceTable;
import dev.vigil.alerting.DefaultRules;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import dev.vigil.simulator.EventGenerator;
import dev.vigil.topology.TopologySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docker/vigil/vigil.yaml is a configuration Vigil accepts, with the seed's observability block. */
class VigilContainerConfigTest {
    /** Loaded as `vigil run --config` loads it, with no VIGIL_ variables. */
    private final VigilConfig config = ConfigLoader.load(StackFiles.VIGIL_CONFIG, Map.of());

    @Test
    void keepsTheSeedsObservabilityBlockUnchanged() {
        VigilConfig.Observability o = config.observability();
        assertThat(o.tracing()).isEqualTo(new VigilConfig.Tracing(true, "jaeger", null,
                "http://jaeger:14268/api/traces", 1.0));
        assertThat(o.metrics()).isEqualTo(new VigilConfig.Metrics(true, "prometheus", 9090));
        assertThat(o.logging()).isEqualTo(new VigilConfig.Logging(true, "json", "INFO", "loki", "http://loki:3100"));
    }

    @Test
    void runsVigilsDefaultRulesAndTheyValidate() {
        assertThat(config.alerts().rules()).isEqualTo(DefaultRules.raw());
        assertThat(TopologySettings.from(config).rules()).hasSize(DefaultRules.raw().size());
    }

    @Test
    void pricesEveryModelAndKnowsEveryPoolOfTheSimulator() {
        PriceTable prices = TopologySettings.from(config).aggregates().prices();
        assertThat(EventGenerator.modelNames()).allSatisfy(model -> assertThat(prices.resolve(model)).as(model).isPresent());
        assertThat(config.aggregates().pools()).containsOnlyKeys("browser", "gpu");
        assertThat(config.aggregates().browserPool()).isEqualTo("browser");
    }

    @Test
    void keepsStateInTheContainersVolume() {
        assertThat(config.kafka().properties()).containsEntry("state.dir", "/var/lib/vigil/state");
        assertThat(config.kafka().processingGuarantee()).isEqualTo(VigilConfig.ProcessingGuarantee.EXACTLY_ONCE_V2);
    }
}
