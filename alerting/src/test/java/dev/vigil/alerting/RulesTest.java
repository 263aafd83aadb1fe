package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.metric.Label;
import dev.vigil.aggregates.metric.Metric;
import dev.vigil.config.ConfigException;
import dev.vigil.config.RuleConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulesTest {

    private static final String GOOD = """
            - name: AgentCallSuccessLow
              metric: agent_call_success_ratio
              window: 5m
              group_by: [agent_name]
              op: "<"
              threshold: 0.9
              min_samples: 20
              for: 1m
              resolve_threshold: 0.95
              keep_firing_for: 0s
              severity: warning
              labels: {team: agents}
              annotations:
                summary: "{{agent_name}} call success {{value}} below {{threshold}}"
            """;

    @Test
    void theContractExampleLoads() {
        List<Rule> rules = Harness.rules(GOOD);
        assertThat(rules).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("AgentCallSuccessLow");
            assertThat(r.kind()).isEqualTo(Rule.Kind.THRESHOLD);
            assertThat(r.metric()).isEqualTo(Metric.AGENT_CALL_SUCCESS_RATIO);
            assertThat(r.windowMs()).isEqualTo(300_000);
            assertThat(r.groupBy()).containsExactly(Label.AGENT_NAME);
            assertThat(r.op()).isEqualTo(Rule.Op.LT);
            assertThat(r.threshold()).isEqualTo(0.9);
            assertThat(r.resolveThreshold()).isEqualTo(0.95);
            assertThat(r.minSamples()).isEqualTo(20);
            assertThat(r.forMs()).isEqualTo(60_000);
            assertThat(r.keepFiringForMs()).isZero();
            assertThat(r.severity()).isEqualTo(Rule.Severity.WARNING);
            assertThat(r.labels()).containsExactlyEntriesOf(Map.of("team", "agents"));
            assertThat(r.annotations()).containsKey("summary");
            assertThat(r.windowLabel()).isEqualTo("5m");
        });
    }

    @Test
    void defaults() {
        Rule threshold = Harness.rules("""
                - name: Q
                  metric: queue_depth
                  op: ">"
                  threshold: 10
                """).get(0);
        assertThat(threshold.kind()).isEqualTo(Rule.Kind.THRESHOLD);
        assertThat(threshold.resolveThreshold()).isEqualTo(10);
        assertThat(threshold.severity()).isEqualTo(Rule.Severity.WARNING);
        assertThat(threshold.forMs()).isZero();
        assertThat(threshold.groupBy()).isEmpty();
        assertThat(threshold.function()).isEqualTo(Rule.Function.VALUE);
        assertThat(threshold.windowLabel()).isNull();

        Rule burn = Harness.rules("""
                - name: B
                  kind: burn_rate
                  metric: task_success_ratio
                  objective: 0.999
                """).get(0);
        assertThat(burn.burnWindows()).isEqualTo(Rule.DEFAULT_BURN_WINDOWS)
                .containsExactly(new Rule.BurnWindow(3_600_000, 300_000, 14.4),
                        new Rule.BurnWindow(21_600_000, 1_800_000, 6));
        assertThat(burn.burnResolutionMs()).isEqualTo(60_000);
        assertThat(burn.burnRetentionBuckets()).isEqualTo(360);

        Rule absent = Harness.rules("""
                - name: A
                  kind: absent
                  metric: pool_capacity
                  group_by: [pool]
                  for: 10m
                """).get(0);
        assertThat(absent.threshold()).isEqualTo(600);

        Rule increase = Harness.rules("""
                - name: C
                  metric: model_cost_usd_total
                  function: increase
                  window: 90m
                  op: ">"
                  threshold: 5
                """).get(0);
        assertThat(increase.function()).isEqualTo(Rule.Function.INCREASE);
        assertThat(increase.windowMs()).isEqualTo(5_400_000);
        assertThat(increase.windowLabel()).isEqualTo("1h30m");
    }

    @Test
    void noRulesIsNoRules() {
        assertThat(Rules.parse(null, AggregatesSettings.defaults())).isEmpty();
        assertThat(Rules.parse(List.of(), AggregatesSettings.defaults())).isEmpty();
    }

    private static final String P = "alerts.rules[0] (R).";

    /** One bad field per case: the rule (as YAML after a valid base) and the one message expected. */
    static Stream<Arguments> badFields() {
        String base = "- name: R\n  metric: queue_depth\n  op: \">\"\n  threshold: 3\n";
        String ratio = "- name: R\n  metric: agent_call_success_ratio\n  window: 5m\n  op: \"<\"\n  threshold: 0.9\n";
        return Stream.of(
                Arguments.of("- metric: queue_depth\n  op: \">\"\n  threshold: 3\n", "alerts.rules[0].name: required"),
                Arguments.of(base.replace("name: R", "name: cpu-high"),
                        "alerts.rules[0] (cpu-high).name: 'cpu-high' must match [A-Za-z][A-Za-z0-9_]* (a letter, then letters, digits, _)"),
                Arguments.of(base.replace("name: R", "name: 1R"),
                        "alerts.rules[0] (1R).name: '1R' must match [A-Za-z][A-Za-z0-9_]* (a letter, then letters, digits, _)"),
                Arguments.of(base + "  kind: thresold\n",
                        P + "kind: 'thresold' is not one of threshold, absent, burn_rate (did you mean threshold?)"),
                Arguments.of(base.replace("queue_depth", "queue_dept"),
                        P + "metric: unknown metric 'queue_dept' (did you mean queue_depth?)"),
                Arguments.of(base.replace("queue_depth", "alerts_firing"), P + "metric: unknown metric 'alerts_firing'"),
                Arguments.of("- name: R\n  op: \">\"\n  threshold: 3\n", P + "metric: required"),
                Arguments.of(base.replace("queue_depth", "task_duration_seconds"), P + "metric: task_duration_seconds is a "
                        + "histogram; a threshold rule judges a counter, gauge, ratio or pool metric"),
                Arguments.of(base + "  group_by: [pool]\n",
                        P + "group_by[0]: 'pool' is not a label of queue_depth (labels: capability)"),
                Arguments.of(base + "  group_by: [capability, capability]\n", P + "group_by[1]: 'capability' is listed twice"),
                Arguments.of(base + "  group_by: capability\n", P + "group_by: must be a list of label names, not 'capability'"),
                Arguments.of(base.replace("queue_depth", "active_tasks") + "  group_by: [status]\n",
                        P + "group_by[0]: 'status' is not a label of active_tasks (it has no labels)"),
                Arguments.of(ratio + "  group_by: [window]\n",
                        P + "group_by[0]: 'window' is chosen by the rule's window field, not grouped by"),
                Arguments.of(ratio.replace("  window: 5m\n", ""),
                        P + "window: required for ratio metric agent_call_success_ratio (one of 5m, 1h)"),
                Arguments.of(ratio.replace("window: 5m", "window: 10m"),
                        P + "window: '10m' is not one of the configured windows 5m, 1h (aggregates.windows)"),
                Arguments.of(ratio.replace("window: 5m", "window: five"),
                        P + "window: 'five' is not a duration (e.g. 30s, 5m, 1h)"),
                Arguments.of(base + "  window: 5m\n", P + "window: applies to ratio metrics and to function: increase "
                        + "only; queue_depth is a gauge"),
                Arguments.of(base + "  function: rate\n", P + "function: 'rate' is not one of increase"),
                Arguments.of(base + "  function: increase\n  window: 1h\n",
                        P + "function: increase applies to counters; queue_depth is a gauge"),
                Arguments.of(base.replace("queue_depth", "model_cost_usd_total") + "  function: increase\n",
                        P + "window: required for function increase (e.g. 1h)"),
                Arguments.of(base.replace("queue_depth", "model_cost_usd_total") + "  function: increase\n  window: 0s\n",
                        P + "window: must be longer than 0s"),
                Arguments.of(base.replace("\">\"", "\"=>\""), P + "op: '=>' is not one of <, <=, >, >="),
                Arguments.of(base.replace("  op: \">\"\n", ""), P + "op: required (one of <, <=, >, >=)"),
                Arguments.of(base.replace("threshold: 3", "threshold: high"), P + "threshold: must be a number, not 'high'"),
                Arguments.of(base.replace("  threshold: 3\n", ""), P + "threshold: required (a number)"),
                Arguments.of(base + "  resolve_threshold: 4\n", P + "resolve_threshold: 4 is on the firing side of "
                        + "threshold 3 for op '>': it must be <= the threshold"),
                Arguments.of(ratio + "  resolve_threshold: 0.8\n", P + "resolve_threshold: 0.8 is on the firing side of "
                        + "threshold 0.9 for op '<': it must be >= the threshold"),
                Arguments.of(ratio + "  min_samples: -1\n", P + "min_samples: must be >= 0, not -1"),
                Arguments.of(ratio + "  min_samples: 2.5\n", P + "min_samples: must be a whole number, not 2.5"),
                Arguments.of(base + "  min_samples: 5\n", P + "min_samples: applies to ratio metrics only; queue_depth is a gauge"),
                Arguments.of(base + "  for: 5\n",
                        P + "for: '5' is not a duration (e.g. 30s, 5m, 1h): a bare number is ambiguous, add a unit"),
                Arguments.of(base + "  for: -1m\n", P + "for: '-1m' is not a duration (e.g. 30s, 5m, 1h)"),
                Arguments.of(base + "  keep_firing_for: soon\n", P + "keep_firing_for: 'soon' is not a duration (e.g. 30s, 5m, 1h)"),
                Arguments.of(base + "  severity: page\n", P + "severity: 'page' is not one of info, warning, critical"),
                Arguments.of(base + "  labels: {team-x: a}\n",
                        P + "labels.team-x: 'team-x' is not a valid name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)"),
                Arguments.of(base + "  labels: {__name__: a}\n",
                        P + "labels.__name__: '__name__' is not a valid name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)"),
                Arguments.of(base + "  group_by: [capability]\n  labels: {capability: x}\n",
                        P + "labels.capability: collides with the group_by label capability"),
                Arguments.of(base + "  labels: {tier: 1}\n", P + "labels.tier: must be a string, not 1 (quote it)"),
                Arguments.of(base + "  labels: [a]\n", P + "labels: must be a mapping of names to strings, not a list"),
                Arguments.of(base + "  annotations: {summary: [x]}\n",
                        P + "annotations.summary: must be a string, not a list (quote it)"),
                Arguments.of(base + "  treshold: 4\n", P + "treshold: unknown key (did you mean threshold?)"),
                Arguments.of(base + "  objective: 0.9\n", P + "objective: does not apply to kind threshold"),
                Arguments.of("- name: R\n  kind: absent\n  metric: queue_depth\n",
                        P + "for: required for kind absent: how long the metric must be absent (e.g. 10m)"),
                Arguments.of("- name: R\n  kind: absent\n  metric: queue_depth\n  for: 0s\n",
                        P + "for: must be longer than 0s for kind absent (the absence duration)"),
                Arguments.of("- name: R\n  kind: absent\n  metric: queue_depth\n  for: 5m\n  threshold: 3\n",
                        P + "threshold: does not apply to kind absent"),
                Arguments.of("- name: R\n  kind: absent\n  metric: lease_utilization\n  for: 5m\n",
                        P + "metric: lease_utilization is computed from other series; an absent rule judges a metric "
                                + "that events update (e.g. active_leases, pool_capacity)"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: queue_depth\n  objective: 0.99\n",
                        P + "metric: queue_depth is a gauge; a burn_rate rule judges a ratio metric "
                                + "(task_success_ratio, agent_call_success_ratio)"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n",
                        P + "objective: required (the SLO objective, e.g. 0.99)"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 1\n",
                        P + "objective: 1 is not between 0 and 1 (exclusive), e.g. 0.99"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n  op: \"<\"\n",
                        P + "op: does not apply to kind burn_rate"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n"
                        + "  windows: [{long: 5m, short: 1h, factor: 2}]\n",
                        P + "windows[0]: long (5m) must be longer than short (1h)"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n"
                        + "  windows: [{long: 1h, short: 5m}]\n", P + "windows[0].factor: required"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n"
                        + "  windows: [{long: 1h, short: 5m, factor: 0}]\n", P + "windows[0].factor: must be > 0, not 0"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n"
                        + "  windows: [{long: 1h, short: 5m, factor: 2, shrt: 1m}]\n",
                        P + "windows[0].shrt: unknown key (did you mean short?)"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n"
                        + "  windows: [{long: 1h, short: 5m, factor: 2}, {long: 61m30s, short: 30m, factor: 1}]\n",
                        P + "windows[1].long: 1h1m30s is not a multiple of the burn-rate resolution 1m (a fifth of the "
                                + "shortest short window)"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n"
                        + "  windows: [{long: 8w, short: 5m, factor: 2}]\n",
                        P + "windows[0].long: 8w would keep more than 10000 buckets of 1m per alert instance"),
                Arguments.of("- name: R\n  kind: burn_rate\n  metric: task_success_ratio\n  objective: 0.99\n  windows: []\n",
                        P + "windows: must be a non-empty list of {long, short, factor}, not a list"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badFields")
    void eachBadFieldIsNamed(String yaml, String expected) {
        assertThat(problems(yaml)).containsExactly("line " + lineOf(yaml, expected) + ": " + expected);
    }

    /**
     * The problems of a rule list: those of the configuration (types, shapes, keys, names), else those of the
     * rules' meaning.
     */
    private static List<String> problems(String yaml) {
        try {
            Harness.rules(yaml);
        } catch (ConfigException e) {
            return e.errors();
        } catch (RuleException e) {
            return e.problems();
        }
        throw new AssertionError("no problem in " + yaml);
    }

    /**
     * The file line (the rules start on line 3, under {@code alerts: rules:}) of the key a message is about: where
     * the top-level key of its field is written, else the rule's first line.
     */
    private static int lineOf(String yaml, String message) {
        String path = message.substring(message.indexOf(").") + 2);
        String key = path.split("[.\\[:]")[0];
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("- " + key + ":") || lines.get(i).startsWith("  " + key + ":")) {
                return i + 3;
            }
        }
        return 3;
    }

    @Test
    void rulesProblemsCarryTheLineOfTheirField() {
        assertThat(problems("""
                - name: Q
                  metric: queue_depth
                  op: ">"
                  threshold: 3
                - name: R
                  metric: queue_depth
                  op: "=>"
                  threshold: 3
                """)).containsExactly("line 9: alerts.rules[1] (R).op: '=>' is not one of <, <=, >, >=");
        assertThat(problems("""
                - name: R
                  kind: burn_rate
                  metric: task_success_ratio
                  objective: 0.99
                  windows:
                    - {long: 1h, short: 5m, factor: 2}
                    - {long: 5m, short: 1h, factor: 2}
                """)).containsExactly("line 9: alerts.rules[0] (R).windows[1]: long (5m) must be longer than short (1h)");
        assertThat(problems("""
                - name: R
                  kind: absent
                  metric: queue_depth
                """)).containsExactly("line 3: alerts.rules[0] (R).for: required for kind absent: how long the metric "
                + "must be absent (e.g. 10m)");
    }

    @Test
    void everyProblemOfEveryRuleIsReportedAtOnce() {
        String yaml = """
                - name: Good
                  metric: queue_depth
                  op: ">"
                  threshold: 3
                - name: CostHigh
                  metric: model_cost_usd_total
                  function: increase
                  window: 1h
                  op: "=>"
                  threshold: 3
                  severity: urgent
                - name: Other
                  metric: pool_capacity
                  group_by: [capacity]
                  op: "<"
                  threshold: 1
                """;
        assertThatThrownBy(() -> Harness.rules(yaml)).isInstanceOf(RuleException.class)
                .satisfies(e -> {
                    RuleException r = (RuleException) e;
                    assertThat(r.problems()).containsExactly(
                            "line 11: alerts.rules[1] (CostHigh).op: '=>' is not one of <, <=, >, >=",
                            "line 13: alerts.rules[1] (CostHigh).severity: 'urgent' is not one of info, warning, critical",
                            "line 16: alerts.rules[2] (Other).group_by[0]: 'capacity' is not a label of pool_capacity (labels: pool)");
                    assertThat(r.getMessage()).startsWith("invalid alert rules: 3 problems\n  line 11: alerts.rules[1] (CostHigh).op:");
                });
    }

    @Test
    void everyConfigurationProblemOfEveryRuleIsReportedAtOnce() {
        String yaml = """
                - name: Good
                  metric: queue_depth
                  op: ">"
                  threshold: 3
                - name: CostHigh
                  metric: model_cost_usd_total
                  threshold: lots
                - name: Good
                  metric: pool_capacity
                """;
        assertThatThrownBy(() -> Harness.rules(yaml)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).containsExactly(
                        "line 9: alerts.rules[1] (CostHigh).threshold: must be a number, not 'lots'",
                        "line 10: alerts.rules[2] (Good).name: duplicate rule name, already used by alerts.rules[0]"));
    }

    @Test
    void aRuleThatIsNotAMappingIsNamedByIndex() {
        assertThatThrownBy(() -> Harness.rules("""
                - name: Q
                  metric: queue_depth
                  op: ">"
                  threshold: 1
                - oops
                """)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("line 7: alerts.rules[1]: must be a mapping (name: ..., metric: ...), not a single value");
        assertThat(Harness.rules("- {name: Q, metric: queue_depth, op: \">\", threshold: 1}")).hasSize(1);
    }

    @Test
    void ratioWindowsFollowTheConfiguration() {
        AggregatesSettings s = AggregatesSettings.defaults();
        AggregatesSettings tenMinutes = new AggregatesSettings(s.graceMs(), List.of(600_000L), s.durationBounds(),
                s.callLatencyBounds(), s.costBounds(), s.maxSeriesPerMetric(), s.browserPool(), s.configuredCapacities(),
                s.prices());
        List<RuleConfig> raw = Harness.raw("""
                - name: R
                  metric: task_success_ratio
                  window: 10m
                  op: "<"
                  threshold: 0.5
                """);
        assertThat(Rules.parse(raw, tenMinutes)).hasSize(1);
        assertThatThrownBy(() -> Rules.parse(raw, s))
                .hasMessageContaining("window: '10m' is not one of the configured windows 5m, 1h");
    }

    @Test
    void everyMetricFitsTheKindsItShould() {
        for (Metric m : Metric.values()) {
            String window = m.type() == dev.vigil.aggregates.metric.MetricType.RATIO ? "  window: 5m\n" : "";
            String yaml = "- name: R\n  metric: " + m.metricName() + "\n" + window + "  op: \">\"\n  threshold: 1\n";
            boolean ok = m.type() != dev.vigil.aggregates.metric.MetricType.HISTOGRAM;
            if (ok) {
                assertThat(Harness.rules(yaml)).as(m.metricName()).hasSize(1);
            } else {
                assertThatThrownBy(() -> Harness.rules(yaml)).as(m.metricName()).isInstanceOf(RuleException.class);
            }
        }
    }
}
