package dev.vigil.app.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Merging the instances' parts: sums, rankings and ratios of the application, not of one instance. */
class SummaryAssemblyTest {
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    private static SummaryPart part(String address, String state, List<SummaryPart.EventCount> events,
                                    Map<String, Long> dlq, List<SummaryPart.FiringAlert> alerts,
                                    List<SummaryPart.Pool> pools, List<SummaryPart.CallTotals> calls,
                                    Map<String, Double> ratios, Long lag) {
        return new SummaryPart(new SummaryPart.Instance(address, state, List.of("0_0"), 2, lag), events, dlq, alerts,
                pools, calls, ratios);
    }

    private static SummaryPart.FiringAlert alert(String fingerprint, String since) {
        return new SummaryPart.FiringAlert("QueueDeep", fingerprint, "info", Map.of("capability", "search"), 3.0,
                since, null, null);
    }

    private final SummaryPart a = part("b-host:9090", "RUNNING",
            List.of(new SummaryPart.EventCount("agent.task.status_changed", "accepted", 10),
                    new SummaryPart.EventCount("agent.task.status_changed", "duplicate", 2),
                    new SummaryPart.EventCount("unknown", "invalid", 1)),
            Map.of("invalid_json", 1L), List.of(alert("f2", "2026-01-15T09:59:00Z")),
            List.of(new SummaryPart.Pool("browser", 20.0, 5, 0.25)),
            List.of(new SummaryPart.CallTotals("planner", "gpt-4o", 100, 10, 3.0),
                    new SummaryPart.CallTotals("planner", "claude", 50, 0, 1.0),
                    new SummaryPart.CallTotals("coder", "gpt-4o", 20, 10, 0.5)),
            Map.of("1h", 0.8, "5m", 0.9), 7L);
    private final SummaryPart b = part("a-host:9090", "RUNNING",
            List.of(new SummaryPart.EventCount("agent.task.status_changed", "accepted", 5),
                    new SummaryPart.EventCount("agent.call.completed", "accepted", 4)),
            Map.of("invalid_json", 2L, "oversize", 1L), List.of(alert("f1", "2026-01-15T09:58:00Z")),
            List.of(), List.of(), Map.of(), 3L);

    @Test
    void countsOfTheInstancesAddUp() {
        Summary s = SummaryAssembly.merge(List.of(a, b), NOW, 5);
        assertThat(s.events().accepted()).isEqualTo(19);
        assertThat(s.events().duplicate()).isEqualTo(2);
        assertThat(s.events().invalid()).isEqualTo(1);
        assertThat(s.events().total()).isEqualTo(22);
        assertThat(s.events().byType()).containsExactly(
                new SummaryPart.EventCount("agent.call.completed", "accepted", 4),
                new SummaryPart.EventCount("agent.task.status_changed", "accepted", 15),
                new SummaryPart.EventCount("agent.task.status_changed", "duplicate", 2),
                new SummaryPart.EventCount("unknown", "invalid", 1));
        assertThat(s.deadLetters().total()).isEqualTo(4);
        assertThat(s.deadLetters().byReason()).containsExactly(Map.entry("invalid_json", 3L), Map.entry("oversize", 1L));
        assertThat(s.consumerLag()).isEqualTo(10);
        assertThat(s.generatedAt()).isEqualTo("2026-01-15T10:00:00Z");
    }

    @Test
    void instancesAndAlertsAreListedInAStableOrder() {
        Summary s = SummaryAssembly.merge(List.of(a, b), NOW, 5);
        assertThat(s.instances()).extracting(SummaryPart.Instance::address).containsExactly("a-host:9090", "b-host:9090");
        assertThat(s.alerts()).extracting(SummaryPart.FiringAlert::fingerprint).containsExactly("f1", "f2");
        assertThat(s.ready()).isTrue();
    }

    @Test
    void oneInstanceNotRunningMakesTheApplicationNotReady() {
        SummaryPart rebalancing = part("c:1", "REBALANCING", List.of(), Map.of(), List.of(), List.of(), List.of(),
                Map.of(), null);
        assertThat(SummaryAssembly.merge(List.of(a, rebalancing), NOW, 5).ready()).isFalse();
        assertThat(SummaryAssembly.merge(List.of(), NOW, 5).ready()).isFalse();
    }

    @Test
    void lagIsUnknownOnlyWhileNoInstanceKnowsIt() {
        SummaryPart noLag = part("c:1", "RUNNING", List.of(), Map.of(), List.of(), List.of(), List.of(), Map.of(), null);
        assertThat(SummaryAssembly.merge(List.of(noLag), NOW, 5).consumerLag()).isNull();
        assertThat(SummaryAssembly.merge(List.of(noLag, b), NOW, 5).consumerLag()).isEqualTo(3);
    }

    @Test
    void agentsAndModelsAreRankedByCostAndByErrorRatioOverTheirSummedCalls() {
        Summary s = SummaryAssembly.merge(List.of(a, b), NOW, 5);
        assertThat(s.agents().byCost()).containsExactly(
                new Summary.Row("planner", 150, 10, 10.0 / 150, 4.0),
                new Summary.Row("coder", 20, 10, 0.5, 0.5));
        assertThat(s.agents().byErrorRate()).extracting(Summary.Row::name).containsExactly("coder", "planner");
        assertThat(s.models().byCost()).containsExactly(
                new Summary.Row("gpt-4o", 120, 20, 20.0 / 120, 3.5),
                new Summary.Row("claude", 50, 0, 0.0, 1.0));
        assertThat(s.models().byErrorRate()).extracting(Summary.Row::name).containsExactly("gpt-4o", "claude");
    }

    @Test
    void topListsAreCutToN() {
        Summary s = SummaryAssembly.merge(List.of(a, b), NOW, 1);
        assertThat(s.agents().byCost()).extracting(Summary.Row::name).containsExactly("planner");
        assertThat(s.agents().byErrorRate()).extracting(Summary.Row::name).containsExactly("coder");
    }

    @Test
    void windowsAreListedShortestFirstAndGroupsComeFromTheInstanceThatOwnsThem() {
        Summary s = SummaryAssembly.merge(List.of(b, a), NOW, 5);
        assertThat(s.taskSuccessRatio()).containsExactly(Map.entry("5m", 0.9), Map.entry("1h", 0.8));
        assertThat(s.pools()).containsExactly(new SummaryPart.Pool("browser", 20.0, 5, 0.25));
    }

    @Test
    void aPartSurvivesTheJsonTripBetweenInstances() throws Exception {
        ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        byte[] wire = json.writeValueAsBytes(a);
        JsonNode tree = json.readTree(wire);
        assertThat(tree.get("instance").get("consumer_lag").asLong()).isEqualTo(7);
        assertThat(tree.get("task_success_ratio").get("5m").asDouble()).isEqualTo(0.9);
        assertThat(json.readValue(wire, SummaryPart.class)).isEqualTo(a);
    }

    @Test
    void windowLengthsOrderDurations() {
        assertThat(SummaryAssembly.seconds("5m")).isEqualTo(300);
        assertThat(SummaryAssembly.seconds("1h")).isEqualTo(3600);
        assertThat(SummaryAssembly.seconds("2d")).isEqualTo(172_800);
        assertThat(SummaryAssembly.seconds("1h30m")).isEqualTo(Long.MAX_VALUE);
    }
}
