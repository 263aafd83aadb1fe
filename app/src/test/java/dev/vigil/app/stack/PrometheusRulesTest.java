package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.DefaultRules;
import dev.vigil.config.Durations;
import dev.vigil.config.RuleConfig;
import dev.vigil.app.integration.Promtool;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker/prometheus passes Prometheus' own checks ({@code promtool check config}, {@code check rules}
 * and the rule unit tests of {@code tests/}), and its alert rules are Vigil's default rule set.
 */
class PrometheusRulesTest {
    @Test
    void promtoolAcceptsTheConfigurationAndTheRuleFiles() throws Exception {
        assertSucceeds(Promtool.run("check", "config", StackFiles.PROMETHEUS_CONFIG.toString()));
        List<Path> ruleFiles = StackFiles.ruleFiles();
        assertThat(ruleFiles).hasSize(2).allSatisfy(f -> assertThat(f).exists());
        for (Path file : ruleFiles) {
            Promtool.Result result = Promtool.run("check", "rules", file.toString());
            assertSucceeds(result);
            assertThat(result.output()).contains("SUCCESS");
        }
    }

    @Test
    void theAlertRulesBehaveAsVigilsOnPromtoolsUnitTests() throws Exception {
        Promtool.Result result = Promtool.run("test", "rules", StackFiles.RULE_TESTS.toString());
        assertSucceeds(result);
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyDefaultRuleHasAPrometheusRuleOfTheSameNameSeverityAndTiming() {
        Map<String, JsonNode> alerts = RuleFiles.alertRules();
        List<RuleConfig> defaults = DefaultRules.raw();
        assertThat(alerts.keySet()).containsExactlyElementsOf(defaults.stream().map(RuleConfig::name).toList());
        for (RuleConfig rule : defaults) {
            String name = rule.name();
            JsonNode alert = alerts.get(name);
            assertThat(alert.path("labels").path("severity").asText()).as(name)
                    .isEqualTo(rule.severity() == null ? "warning" : rule.severity());
            rule.labels().forEach((k, v) -> assertThat(alert.path("labels").path(k).asText()).as(name + " " + k).isEqualTo(v));
            assertThat(alert.path("for").asText("0s")).as(name + " for").isEqualTo(durationText(rule.forDuration()));
            assertThat(alert.path("keep_firing_for").asText("0s")).as(name + " keep_firing_for")
                    .isEqualTo(durationText(rule.keepFiringFor()));
            if (!"burn_rate".equals(rule.kind())) {
                assertThat(PromQl.metricNames(alert.path("expr").asText())).as(name + " reads the rule's metric")
                        .contains(rule.metric());
            }
        }
    }

    private static String durationText(java.time.Duration d) {
        return d == null ? "0s" : Durations.format(d);
    }

    private static void assertSucceeds(Promtool.Result result) {
        assertThat(result.succeeded()).as(result.output()).isTrue();
    }
}
