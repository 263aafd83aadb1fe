package dev.vigil.topology.metrics;

import static dev.vigil.topology.metrics.Events.call;
import static dev.vigil.topology.metrics.Events.sec;

import dev.vigil.topology.metrics.Events.Event;
import org.junit.jupiter.api.Test;

/**
 * {@code model_cost_usd_total{agent_name,model_name}}: the call's own cost_usd, else priced from
 * aggregates.model_prices (USD per million tokens), else 0 and counted as unpriced.
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
    void aCallWithoutCostIsPricedPerMillionTokensFromTheDefaultPrices() {
        // gpt-4o: 2.5 USD per million input tokens, 10 per million output tokens.
        send(call("c1", "planner", "chat", "gpt-4o", "ok", 100, 1_000_000, 100_000).at(sec(0)));
        sendStructured(call("c2", "planner", "chat", "gpt-4o", "ok", 100, 400_000, 50_000).at(sec(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("model_cost_usd_total{agent_name=\"planner\",model_name=\"gpt-4o\"} 5",
                "model_cost_usd_total");
        m.assertAbsent("vigil_unpriced_calls_total");
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
    void pricesComeFromTheConfiguredModelPricesWhichReplaceTheDefaults() {
        configure("""
                aggregates:
                  model_prices:
                    claude: {input_per_mtok: 3.0, output_per_mtok: 15.0}
                """);
        send(call("c1", "planner", "chat", "claude", "ok", 100, 1_000_000, 100_000).at(sec(0)),
                call("c2", "planner", "chat", "gpt-4o", "ok", 100, 1_000_000, 100_000).at(sec(1)));

        RenderedMetrics m = scrape();
        m.assertExactly("""
                model_cost_usd_total{agent_name="planner",model_name="claude"} 4.5
                model_cost_usd_total{agent_name="planner",model_name="gpt-4o"} 0
                """, "model_cost_usd_total");
        m.assertExactly("vigil_unpriced_calls_total{model_name=\"gpt-4o\"} 1", "vigil_unpriced_calls_total");
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
