package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.RuleConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of docs/alerting.md, "A rule", load as the documentation says: the example is a valid configuration. */
class DocsRuleExampleTest {

    @Test
    void theDocumentedRulesLoad() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "alerting.md"));
        int section = doc.indexOf("\n## A rule\n");
        assertThat(section).as("docs/alerting.md has the section 'A rule'").isNotNegative();
        int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        int end = doc.indexOf("```", start);
        String yaml = doc.substring(start, end);

        List<RuleConfig> raw = ConfigLoader.fromYaml(yaml, Map.of()).alerts().rules();
        List<Rule> rules = Rules.parse(raw, AggregatesSettings.defaults());

        assertThat(rules).extracting(Rule::name)
                .containsExactly("AgentCallSuccessLow", "TaskFailuresBurst", "AgentSilent", "TaskSloBurn");
        assertThat(rules).extracting(Rule::kind).containsExactly(Rule.Kind.THRESHOLD, Rule.Kind.THRESHOLD,
                Rule.Kind.ABSENT, Rule.Kind.BURN_RATE);
        assertThat(rules.get(1).function()).isEqualTo(Rule.Function.INCREASE);
        assertThat(rules.get(2).metric()).isEqualTo(Metric.AGENT_CALL_TOTAL);
        assertThat(rules.get(3).burnWindows()).isEqualTo(Rule.DEFAULT_BURN_WINDOWS);
    }
}
