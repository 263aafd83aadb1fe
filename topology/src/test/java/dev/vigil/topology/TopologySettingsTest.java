package dev.vigil.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alerting.Rule;
import dev.vigil.alerting.RuleException;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration's aggregates settings and alert rules, derived once and consistent with each other. */
class TopologySettingsTest {
    private static final String TEN_MINUTE_RULE = """
            alerts:
              rules:
                - name: SuccessLow
                  metric: task_success_ratio
                  window: 10m
                  op: "<"
                  threshold: 0.5
            """;

    @Test
    void derivesTheAggregatesSettingsAndTheRulesOfTheConfiguration() {
        VigilConfig config = ConfigLoader.fromYaml("aggregates:\n  grace: 10m\n  windows: [10m]\n" + TEN_MINUTE_RULE,
                Map.of());
        TopologySettings settings = TopologySettings.from(config);
        assertThat(settings.config()).isSameAs(config);
        assertThat(settings.aggregates().graceMs()).isEqualTo(600_000L);
        assertThat(settings.aggregates().windowsMs()).containsExactly(600_000L);
        assertThat(settings.rules()).extracting(Rule::name).containsExactly("SuccessLow");
        assertThat(settings.rules().get(0).windowMs()).isEqualTo(600_000L);
    }

    @Test
    void validatesTheRulesAgainstTheConfiguredWindows() {
        VigilConfig config = ConfigLoader.fromYaml(TEN_MINUTE_RULE, Map.of());
        assertThatThrownBy(() -> TopologySettings.from(config)).isInstanceOf(RuleException.class)
                .hasMessageContaining("SuccessLow").hasMessageContaining("10m");
    }

    @Test
    void theRulesCannotBeChangedAfterValidation() {
        List<Rule> rules = TopologySettings.from(ConfigLoader.defaults()).rules();
        assertThatThrownBy(() -> rules.add(null)).isInstanceOf(UnsupportedOperationException.class);
    }
}
