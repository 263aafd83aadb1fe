package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerting.DefaultRules;
import dev.vigil.config.Durations;
import dev.vigil.config.RuleConfig;
import dev.vigil.app.integration.Promtool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * docker/prometheus passes Prometheus' own checks ({@code promtool check config}, {@code check rules}
 * and the rule unit tests of {@code tests/}); its default alert rules are Vigil's default rule set,
 * and every meta-alert about Vigil itself has unit tests where it fires and where it does not.
 */
class PrometheusRulesTest {
    static final String DEFAULT_RULES = "vigil-alerts.rules.yml";
    static final String SELF_RULES = "vigil-self.rules.yml";
    /** What the meta-alerts read besides Vigil's metrics: the scrape's own series. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");

    @Test
    void promtoolAcceptsTheConfigurationAndTheRuleFiles() throws Exception {
        assertSucceeds(Promtool.run("check", "config", StackFiles.PROMETHEUS_CONFIG.toString()));
        List<Path> ruleFiles = StackFiles.ruleFiles();
        assertThat(ruleFiles).hasSize(3).allSatisfy(f -> assertThat(f).exists());
        for (Path file : ruleFiles) {
            Promtool.Result result = Promtool.run("check", "rules", file.toString());
            assertSucceeds(result);
            assertThat(result.output()).contains("SUCCESS");
        }
    }

    @Test
    void theAlertRulesPassPromtoolsUnitTests() throws Exception {
        List<Path> tests = StackFiles.ruleTests();
        assertThat(tests).extracting(p -> p.getFileName().toString())
                .containsExactly("vigil-alerts.test.yml", "vigil-self.test.yml");
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        tests.forEach(t -> args.add(t.toString()));
        Promtool.Result result = Promtool.run(args.toArray(String[]::new));
        assertSucceeds(result);
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyMetaAlertIsTestedFiringAndQuiet() {
        JsonNode tests = StackFiles.yaml(StackFiles.RULE_TESTS.resolve("vigil-self.test.yml"));
        assertThat(tests.path("rule_files").get(0).asText()).isEqualTo("../rules/" + SELF_RULES);
        for (String alert : RuleFiles.alertRules(SELF_RULES).keySet()) {
            boolean fires = false;
            boolean quiet = false;
            for (JsonNode test : tests.path("tests")) {
                for (JsonNode eval : test.path("alert_rule_test")) {
                    if (eval.path("alertname").asText().equals(alert)) {
                        fires |= eval.path("exp_alerts").size() > 0;
                        quiet |= eval.path("exp_alerts").isEmpty();
                    }
                }
            }
            assertThat(fires).as(alert + " has a test case where it fires").isTrue();
            assertThat(quiet).as(alert + " has a test case where it does not").isTrue();
        }
    }

    @Test
    void theMetaAlertsReadOnlyVigilsMetricsOrTheScrapesOwnAndNameTheirInstance() {
        MetricCatalogue catalogue = new MetricCatalogue();
        RuleFiles.alertRules(SELF_RULES).forEach((name, rule) -> {
            String expr = rule.path("expr").asText();
            assertThat(PromQl.metricNames(expr)).as(name).isNotEmpty().allSatisfy(metric ->
                    assertThat(SCRAPE_SERIES.contains(metric) || catalogue.labelsOf(metric).isPresent())
                            .as(metric + " in " + name).isTrue());
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("warning", "critical");
            if (!name.equals("VigilAbsent")) {
                // Absent has no instance to name: there is none.
                assertThat(rule.path("annotations").path("summary").asText()).as(name).contains("$labels.instance");
            }
        });
    }

    @Test
    void everyDefaultRuleHasAPrometheusRuleOfTheSameNameSeverityAndTiming() {
        Map<String, JsonNode> alerts = RuleFiles.alertRules(DEFAULT_RULES);
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
