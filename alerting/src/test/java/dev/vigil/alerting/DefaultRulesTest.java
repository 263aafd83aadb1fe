package dev.vigil.alerting;

import static dev.vigil.alerting.Harness.MIN;
import static dev.vigil.alerting.Harness.SEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultRulesTest {

    @Test
    void theShippedFileLoadsThroughTheConfigurationLoaderAndRules() {
        List<Rule> rules = DefaultRules.load(AggregatesSettings.defaults());
        assertThat(rules).extracting(Rule::name).containsExactly("AgentCallSuccessLow", "TaskSuccessLow",
                "LeaseUtilizationHigh", "BrowserPoolExhausted", "QueueBacklog", "CostPerHourHigh", "TaskSuccessBurnRate",
                "TenantDailyBudget");
        assertThat(rules).allSatisfy(r -> assertThat(r.annotations()).containsKey("summary"));

        Rule browser = rules.get(3);
        assertThat(browser.metric()).isEqualTo(Metric.BROWSER_POOL_AVAILABLE);
        assertThat(browser.op()).isEqualTo(Rule.Op.LE);
        assertThat(browser.threshold()).isZero();

        Rule cost = rules.get(5);
        assertThat(cost.metric()).isEqualTo(Metric.MODEL_COST_USD_TOTAL);
        assertThat(cost.function()).isEqualTo(Rule.Function.INCREASE);
        assertThat(cost.windowMs()).isEqualTo(60 * MIN);

        Rule burn = rules.get(6);
        assertThat(burn.kind()).isEqualTo(Rule.Kind.BURN_RATE);
        assertThat(burn.metric()).isEqualTo(Metric.TASK_SUCCESS_RATIO);
        assertThat(burn.objective()).isEqualTo(0.99);
        assertThat(burn.burnWindows()).isEqualTo(Rule.DEFAULT_BURN_WINDOWS);
        assertThat(DefaultRules.raw()).hasSize(8);
        Rule budget = rules.get(7);
        assertThat(budget.metric()).isEqualTo(Metric.TENANT_COST_USD_TOTAL);
        assertThat(budget.windowMs()).isEqualTo(24 * 60 * MIN);
    }

    @Test
    void aTenantAboveItsDailyBudgetFiresAloneAndClearsBelowNinety() {
        Harness h = new Harness(DefaultRules.load(AggregatesSettings.defaults()), AggregatesSettings.defaults());
        List<AlertTransition> ts = new ArrayList<>();
        // acme spends 10 USD an hour (over 100 within 24 h after 11 hours), globex 1 an hour.
        for (int hour = 0; hour < 12; hour++) {
            long t = hour * 60 * MIN;
            ts.addAll(h.at(t, Harness.tenantCost("acme", 10.0), Harness.tenantCost("globex", 1.0)));
        }
        assertThat(ts).filteredOn(t -> t.rule().equals("TenantDailyBudget")).singleElement()
                .satisfies(t -> {
                    assertThat(t.kind().state()).isEqualTo("firing");
                    assertThat(t.labels()).containsEntry("tenant", "acme");
                    assertThat(t.annotations().get("summary"))
                            .isEqualTo("Tenant acme spent 110 USD in the last 24h (budget 100 USD)");
                });
    }

    @Test
    void theDefaultRulesFireOnABreakingPlatform() {
        Harness h = new Harness(DefaultRules.load(AggregatesSettings.defaults()), AggregatesSettings.defaults());
        List<AlertTransition> ts = new ArrayList<>();
        // 20 browser leases exhaust the configured pool of 20; a planner whose calls fail and cost.
        for (int i = 0; i < 20; i++) {
            ts.addAll(h.at(i * SEC, Harness.lease("browser", "scraper", 1)));
        }
        for (int i = 0; i < 30; i++) {
            long t = 20 * SEC + i * SEC;
            ts.addAll(h.at(t, Harness.call("planner", i % 3 == 0, t), Harness.cost("planner", 2.0)));
        }
        ts.addAll(h.tick(5 * MIN));
        assertThat(ts).extracting(AlertTransition::rule)
                .contains("BrowserPoolExhausted", "LeaseUtilizationHigh", "AgentCallSuccessLow", "CostPerHourHigh");
        assertThat(ts).filteredOn(t -> t.rule().equals("BrowserPoolExhausted")).singleElement()
                .satisfies(t -> assertThat(t.annotations()).containsEntry("summary", "Browser pool exhausted: 0 available"));
        assertThat(ts).filteredOn(t -> t.rule().equals("AgentCallSuccessLow")).singleElement()
                .satisfies(t -> assertThat(t.annotations().get("summary"))
                        .isEqualTo("planner: call success 0.3333 below 0.9 over 5m"));
    }
}
