package dev.vigil.alerting;

import static dev.vigil.alerting.Harness.MIN;
import static dev.vigil.alerting.Harness.SEC;
import static dev.vigil.alerting.Harness.T0;
import static dev.vigil.alerting.Harness.call;
import static dev.vigil.alerting.Harness.callCount;
import static dev.vigil.alerting.Harness.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.series.CardinalityCap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEngineTest {

    private static final String CALLS = """
            - name: AgentCallSuccessLow
              metric: agent_call_success_ratio
              window: 5m
              group_by: [agent_name]
              op: "<"
              threshold: 0.9
              resolve_threshold: 0.95
              min_samples: 4
              severity: critical
              labels: {team: agents}
              annotations:
                summary: "{{agent_name}} call success {{value}} below {{threshold}} ({{team}}, {{unknown}})"
            """;

    private static final String BACKLOG = """
            - name: Backlog
              metric: queue_depth
              group_by: [capability]
              op: ">"
              threshold: 3
              for: 1m
            """;

    @Test
    void aFiringTransitionCarriesEverythingOfTheAlertData() {
        Harness h = new Harness(CALLS);
        h.at(0, call("planner", true, 0));
        h.at(SEC, call("planner", false, SEC));
        h.at(2 * SEC, call("planner", false, 2 * SEC));
        List<AlertTransition> ts = h.at(3 * SEC, call("planner", true, 3 * SEC));
        assertThat(ts).hasSize(1);
        AlertTransition t = ts.get(0);
        String fingerprint = Fingerprints.of("AgentCallSuccessLow", Map.of("agent_name", "planner"));
        assertThat(t.kind()).isEqualTo(AlertTransition.Kind.FIRING);
        assertThat(t.rule()).isEqualTo("AgentCallSuccessLow");
        assertThat(t.fingerprint()).isEqualTo(fingerprint);
        assertThat(t.id()).isEqualTo(fingerprint + "-1");
        assertThat(t.timeMs()).isEqualTo(T0 + 3 * SEC);
        assertThat(t.startedAtMs()).isEqualTo(T0 + 3 * SEC);
        assertThat(t.resolvedAtMs()).isNull();
        assertThat(t.severity()).isEqualTo("critical");
        assertThat(t.labels()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("agent_name", "planner",
                "team", "agents")));
        assertThat(t.value()).isEqualTo(0.5);
        assertThat(t.threshold()).isEqualTo(0.9);
        assertThat(t.window()).isEqualTo("5m");
        assertThat(t.samples()).isEqualTo(4);
        assertThat(t.annotations()).containsEntry("summary",
                "planner call success 0.5 below 0.9 (agents, {{unknown}})");
        assertThat(t.trigger()).isEqualTo(h.lastTrigger);

        // 16 more ok calls: 18/20 = 0.9, no longer below the threshold but below the resolve threshold.
        for (int i = 0; i < 16; i++) {
            assertThat(h.at(4 * SEC + i, call("planner", true, 4 * SEC + i))).isEmpty();
        }
        List<AlertTransition> resolved = new ArrayList<>();
        for (int i = 0; i < 40 && resolved.isEmpty(); i++) {
            resolved.addAll(h.at(5 * SEC + i, call("planner", true, 5 * SEC + i)));
        }
        AlertTransition r = resolved.get(0);
        assertThat(r.kind()).isEqualTo(AlertTransition.Kind.RESOLVED);
        assertThat(r.id()).isEqualTo(fingerprint + "-2");
        assertThat(r.startedAtMs()).isEqualTo(T0 + 3 * SEC);
        assertThat(r.resolvedAtMs()).isEqualTo(r.timeMs());
        assertThat(r.value()).isEqualTo(38.0 / 40);
        assertThat(r.samples()).isEqualTo(40);
        assertThat(h.instance("AgentCallSuccessLow", Map.of("agent_name", "planner")).state())
                .isEqualTo(AlertInstance.State.INACTIVE);
    }

    @Test
    void aFiringInstanceListsWhatItsFiringSaid() {
        Harness h = new Harness(CALLS);
        for (int i = 0; i < 4; i++) {
            h.at(i * SEC, call("planner", false, i * SEC));
        }
        AlertInstance inst = h.instance("AgentCallSuccessLow", Map.of("agent_name", "planner"));
        assertThat(inst.firing()).isTrue();
        assertThat(inst.startedAtMs()).isEqualTo(T0 + 3 * SEC);
        assertThat(inst.severity()).isEqualTo("critical");
        assertThat(inst.labels()).containsEntry("team", "agents").containsEntry("agent_name", "planner");
        assertThat(inst.annotations().get("summary")).startsWith("planner call success 0 below 0.9");
        assertThat(inst.value()).isEqualTo(0.0);
        assertThat(inst.samples()).isEqualTo(4);
    }

    @Test
    void onlyRulesOfTouchedMetricsAndGroupsThatBreachedAreStored() {
        Harness h = new Harness(CALLS + BACKLOG);
        h.at(0, queue("web", 1));
        h.at(SEC, call("planner", true, SEC));
        h.at(2 * SEC, callCount("planner", "ok"));
        assertThat(h.alerts).isEmpty();
        h.at(3 * SEC, queue("web", 5));
        assertThat(h.alerts).hasSize(1);
        h.at(4 * SEC, queue("web", -5));
        assertThat(h.alerts).as("a pending that cleared leaves nothing").isEmpty();
    }

    @Test
    void timersGiveTheSameTransitionsWhateverTheTickRate() {
        List<String> sparse = runBacklog(60 * SEC);
        List<String> dense = runBacklog(SEC);
        assertThat(sparse).isEqualTo(dense).containsExactly("firing#1@1m", "resolved#2@4m", "firing#3@6m");
    }

    private static List<String> runBacklog(long tickEveryMs) {
        Harness h = new Harness(BACKLOG.replace("for: 1m", "for: 1m\n  keep_firing_for: 1m"));
        List<AlertTransition> out = new ArrayList<>();
        out.addAll(h.at(0, queue("web", 5)));
        for (long t = 0; t <= 10 * MIN; t += tickEveryMs) {
            if (t == 3 * MIN) {
                out.addAll(h.at(t, queue("web", -5)));
            }
            if (t == 5 * MIN) {
                out.addAll(h.at(t, queue("web", 5)));
            }
            out.addAll(h.tick(t));
        }
        return Harness.brief(out);
    }

    @Test
    void aRestartKeepsFiringAlertsAndRunningTimersAndNeverRepeats() {
        List<Rule> rules = Harness.rules(BACKLOG);
        Harness h = new Harness(rules, AggregatesSettings.defaults());
        assertThat(h.at(0, queue("web", 5))).isEmpty();
        assertThat(h.at(0, queue("db", 5))).isEmpty();
        assertThat(Harness.brief(h.tick(61 * SEC))).containsExactly("firing#1@1m", "firing#1@1m");
        assertThat(h.at(62 * SEC, queue("api", 5))).isEmpty();

        h.restart(rules);
        assertThat(h.at(63 * SEC, queue("web", 1))).as("still firing after the restart").isEmpty();
        assertThat(h.tick(90 * SEC)).isEmpty();
        assertThat(Harness.brief(h.tick(2 * MIN + 2 * SEC))).as("the pending timer survived")
                .containsExactly("firing#1@122s");
        assertThat(Harness.brief(h.at(3 * MIN, queue("web", -6)))).containsExactly("resolved#2@3m");
    }

    @Test
    void ratioRulesRejudgeEveryGroupAfterARestartWithoutRepeating() {
        List<Rule> rules = Harness.rules(CALLS);
        Harness h = new Harness(rules, AggregatesSettings.defaults());
        for (int i = 0; i < 4; i++) {
            h.at(i * SEC, call("a", false, i * SEC));
            h.at(i * SEC, call("b", true, i * SEC));
        }
        h.restart(rules);
        assertThat(h.at(5 * SEC, call("b", true, 5 * SEC))).isEmpty();
        assertThat(Harness.brief(h.at(6 * MIN, call("b", true, 6 * MIN)))).containsExactly("resolved#2@6m");
    }

    @Test
    void aRuleRemovedFromTheConfigurationResolvesItsFiringAlertsAndIsForgotten() {
        Harness h = new Harness(BACKLOG.replace("for: 1m", "for: 0s") + CALLS);
        assertThat(h.at(0, queue("web", 5))).hasSize(1);
        h.restart(Harness.rules(CALLS));
        List<AlertTransition> ts = h.tick(MIN);
        assertThat(Harness.brief(ts)).containsExactly("resolved#2@1m");
        assertThat(ts.get(0).value()).isNull();
        assertThat(ts.get(0).trigger()).isNull();
        assertThat(ts.get(0).labels()).containsEntry("capability", "web");
        assertThat(h.alerts).isEmpty();
    }

    @Test
    void aRuleWhoseGroupLabelsChangedResolvesTheOldInstances() {
        Harness h = new Harness(BACKLOG.replace("for: 1m", "for: 0s"));
        assertThat(Harness.brief(h.at(0, queue("web", 5)))).containsExactly("firing#1@0s");
        // Same name, another metric and group labels: the old state means nothing for the new rule.
        h.restart(Harness.rules("""
                - name: Backlog
                  metric: pool_healthy
                  group_by: [pool]
                  op: "<"
                  threshold: 3
                """));
        assertThat(Harness.brief(h.tick(MIN))).containsExactly("resolved#2@1m");
        assertThat(h.alerts).as("another group label set: nothing carries over").isEmpty();
    }

    @Test
    void aShapeChangeSeenByAnUpdateContinuesTheSequence() {
        Harness h = new Harness("""
                - name: Errors
                  metric: agent_call_total
                  group_by: [agent_name]
                  op: ">="
                  threshold: 1
                """);
        assertThat(Harness.brief(h.at(0, callCount("a", "error")))).containsExactly("firing#1@0s");
        h.restart(Harness.rules("""
                - name: Errors
                  metric: agent_call_total
                  group_by: [agent_name]
                  function: increase
                  window: 5m
                  op: ">="
                  threshold: 1
                """));
        List<AlertTransition> ts = h.at(SEC, callCount("a", "error"));
        assertThat(Harness.brief(ts)).containsExactly("resolved#2@1s", "firing#3@1s");
        assertThat(ts.get(1).id()).endsWith("-3");
    }

    @Test
    void aShapeChangeSeenByATimerResolvesAndKeepsTheSequence() {
        String before = """
                - name: Errors
                  metric: agent_call_total
                  group_by: [agent_name]
                  op: ">="
                  threshold: 1
                """;
        Harness h = new Harness(before);
        assertThat(Harness.brief(h.at(0, callCount("a", "error")))).containsExactly("firing#1@0s");
        h.restart(Harness.rules(before.replace("  op:", "  function: increase\n  window: 5m\n  op:")));
        assertThat(Harness.brief(h.tick(MIN))).containsExactly("resolved#2@1m");
        assertThat(h.instance("Errors", Map.of("agent_name", "a")).sequence()).isEqualTo(2);
        assertThat(Harness.brief(h.at(2 * MIN, callCount("a", "error")))).containsExactly("firing#3@2m");
    }

    @Test
    void foldedSeriesAreJudgedUnderTheirFoldedLabels() {
        AggregatesSettings capped = AggregatesSettings.defaults().withMaxSeriesPerMetric(1);
        Harness h = new Harness(Harness.rules(BACKLOG.replace("for: 1m", "for: 0s")), capped);
        assertThat(h.at(0, queue("web", 1))).isEmpty();
        List<AlertTransition> ts = h.at(SEC, queue("db", 5));
        assertThat(ts).singleElement().extracting(AlertTransition::labels)
                .isEqualTo(new java.util.TreeMap<>(Map.of("capability", CardinalityCap.OTHER)));
    }

    @Test
    void lateEventsNeverStampATransitionBeforeTheInstancesLastChange() {
        Harness h = new Harness(BACKLOG.replace("for: 1m", "for: 0s"));
        assertThat(Harness.brief(h.at(10 * MIN, queue("web", 5)))).containsExactly("firing#1@10m");
        assertThat(Harness.brief(h.at(MIN, queue("web", -5)))).containsExactly("resolved#2@10m");
    }

    @Test
    void theResolutionOfAnAbsentRuleQuotesNoValue() {
        Harness h = new Harness("""
                - name: Silent
                  kind: absent
                  metric: agent_call_total
                  for: 5m
                  annotations: {summary: "no calls for {{threshold}}s (value {{value}})"}
                """);
        h.at(0, callCount("a", "ok"));
        List<AlertTransition> ts = h.tick(6 * MIN);
        assertThat(ts).singleElement().satisfies(t -> {
            assertThat(t.value()).isNull();
            assertThat(t.threshold()).isEqualTo(300.0);
            assertThat(t.window()).isNull();
            assertThat(t.samples()).isNull();
            assertThat(t.trigger()).isNull();
            assertThat(t.annotations()).containsEntry("summary", "no calls for 300s (value {{value}})");
        });
    }
}
