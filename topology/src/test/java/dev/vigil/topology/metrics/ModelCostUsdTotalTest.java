package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.config.PriceCatalogue;
import dev.vigil.config.VigilConfig.ModelPrice;
import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/**
 * {@code model_cost_usd_total{agent_name,model_name}}: the call's own cost_usd, else priced from the
 * shipped price catalogue with aggregates.model_prices over it (USD per million tokens; cached input
 * tokens at the cached rate), else 0 and counted as unpriced.
 */
class ModelCostUsdTotalTest extends MetricsTopologyTest {

    @Test
    void theCallsOwnCostWinsEvenForAPricedModel() {
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 1_000_000, 1_000_000).with("cost_usd", 0.25).at(sec(0)),
                call("c2", "planner", "chat", "gpt-4o", "ok", 100, 0, 0).with("cost_usd", 0.5).at(sec(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("model_cost_usd_total{agent_name=\"planner\",model_name=\"gpt-4o\"} 0.75",
                "model_cost_usd_total");
        m.assertAbsent("vigil_unpriced_calls_total");
    }

    @Test
    void aCallWithoutCostIsPricedPerMillionTokensFromTheShippedCatalogue() {
        ModelPrice gpt4o = PriceCatalogue.standard().entries().stream().filter(e -> e.model().equals("gpt-4o"))
                .findFirst().orElseThrow().price();
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 1_000_000, 100_000).at(sec(0)));
        sendStructured(call("c2", "planner", "chat", "gpt-4o", "ok", 100, 400_000, 50_000).at(sec(1)));

        RenderedMetrics m = scrape();
        double expected = (1_000_000 * gpt4o.inputPerMtok() / 1e6 + 100_000 * gpt4o.outputPerMtok() / 1e6)
                + (400_000 * gpt4o.inputPerMtok() / 1e6 + 50_000 * gpt4o.outputPerMtok() / 1e6);
        m.assertExactly("model_cost_usd_total{agent_name=\"planner\",model_name=\"gpt-4o\"} " + expected,
                "model_cost_usd_total");
        m.assertAbsent("vigil_unpriced_calls_total");
    }

    @Test
    void cachedInputTokensArePricedAtTheCachedRate() {
        configure("""
                aggregates:
                  model_prices:
                    m: {input_per_mtok: 2.0, output_per_mtok: 8.0, cached_input_per_mtok: 0.5}
                    plain: {input_per_mtok: 2.0, output_per_mtok: 8.0}
                """);
        send(call("c1", "planner", "chat", "m", "ok", 100, 1_000_000, 250_000).with("cached_input_tokens", 500_000)
                        .at(sec(0)),
                call("c2", "planner", "chat", "plain", "ok", 100, 1_000_000, 0).with("cached_input_tokens", 500_000)
                        .at(sec(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                model_cost_usd_total{agent_name="planner",model_name="m"} 3.25
                model_cost_usd_total{agent_name="planner",model_name="plain"} 2
                """, "model_cost_usd_total"); // 0.5 × 2 + 0.5 × 0.5 + 0.25 × 8; without a cached rate: as input
    }

    @Test
    void aModelWithoutPriceCostsZeroAndCountsAsUnpriced() {
        send(call("c1", "planner", "chat", "mystery", "ok", 100, 1000, 1000).at(sec(0)));

        RenderedMetrics m = scrape();
        m.assertExactly("model_cost_usd_total{agent_name=\"planner\",model_name=\"mystery\"} 0",
                "model_cost_usd_total");
        m.assertExactly("vigil_unpriced_calls_total{model_name=\"mystery\"} 1", "vigil_unpriced_calls_total");
    }

    @Test
    void anOwnCostOnAModelWithoutPriceIsNotUnpriced() {
        send(call("c1", "planner", "chat", "mystery", "ok", 100, 1000, 1000).with("cost_usd", 1.5).at(sec(0)));

        RenderedMetrics m = scrape();
        m.assertExactly("model_cost_usd_total{agent_name=\"planner\",model_name=\"mystery\"} 1.5",
                "model_cost_usd_total");
        m.assertAbsent("vigil_unpriced_calls_total");
    }

    @Test
    void configuredPricesOverrideTheCatalogueModelAndItsSnapshotsAndAddModels() {
        configure("""
                aggregates:
                  model_prices:
                    claude: {input_per_mtok: 3.0, output_per_mtok: 15.0}
                    gpt-4o: {input_per_mtok: 1.0, output_per_mtok: 1.0}
                """);
        send(call("c1", "planner", "chat", "claude", "ok", 100, 1_000_000, 100_000).at(sec(0)),
                call("c2", "planner", "chat", "gpt-4o", "ok", 100, 1_000_000, 100_000).at(sec(1)),
                call("c3", "planner", "chat", "gpt-4o-2024-08-06", "ok", 100, 1_000_000, 0).at(sec(2)),
                call("c4", "planner", "chat", "claude-x", "ok", 100, 1_000_000, 0).at(sec(3)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                model_cost_usd_total{agent_name="planner",model_name="claude"} 4.5
                model_cost_usd_total{agent_name="planner",model_name="claude-x"} 0
                model_cost_usd_total{agent_name="planner",model_name="gpt-4o"} 1.1
                model_cost_usd_total{agent_name="planner",model_name="gpt-4o-2024-08-06"} 1
                """, "model_cost_usd_total");
        m.assertExactly("vigil_unpriced_calls_total{model_name=\"claude-x\"} 1", "vigil_unpriced_calls_total");
    }

    @Test
    void aRepeatedCallEventCostsOnce() {
        Event c1 = call("c1", "planner", "chat", "gpt-4o", "ok", 100, 0, 0).with("cost_usd", 2.0).at(sec(0));
        send(c1);
        sendStructured(c1);

        scrape().assertExactly("model_cost_usd_total{agent_name=\"planner\",model_name=\"gpt-4o\"} 2",
                "model_cost_usd_total");
    }
}
