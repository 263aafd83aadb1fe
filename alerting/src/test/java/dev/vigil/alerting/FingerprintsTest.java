package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void pinnedValues() {
        // SHA-256 over length-prefixed rule name, then label names and values sorted by name; first 8 bytes.
        assertThat(Fingerprints.of("AgentCallSuccessLow", Map.of("agent_name", "planner")))
                .isEqualTo("284a583f3abbc52a");
        assertThat(Fingerprints.of("TaskSuccessLow", Map.of())).isEqualTo("f5f4589cf9d0d006");
    }

    @Test
    void sixteenLowercaseHexDigits() {
        for (int i = 0; i < 200; i++) {
            assertThat(Fingerprints.of("R" + i, Map.of("pool", "p" + i))).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void independentOfLabelOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("capability", "web");
        ab.put("pool", "p");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("pool", "p");
        ba.put("capability", "web");
        assertThat(Fingerprints.of("Q", ab)).isEqualTo(Fingerprints.of("Q", ba)).isEqualTo("c88bec44fb981923");
    }

    @Test
    void differentRuleOrLabelsDifferentFingerprint() {
        String base = Fingerprints.of("Q", Map.of("capability", "web"));
        assertThat(Fingerprints.of("Q2", Map.of("capability", "web"))).isNotEqualTo(base);
        assertThat(Fingerprints.of("Q", Map.of("capability", "db"))).isNotEqualTo(base);
        assertThat(Fingerprints.of("Q", Map.of())).isNotEqualTo(base);
        // Length prefixes: moving characters between name and value, or between rule and label, changes it.
        assertThat(Fingerprints.of("Q", Map.of("ab", "c"))).isNotEqualTo(Fingerprints.of("Q", Map.of("a", "bc")));
        assertThat(Fingerprints.of("Qa", Map.of("b", "c"))).isNotEqualTo(Fingerprints.of("Q", Map.of("ab", "c")));
    }

    @Test
    void idsAreFingerprintAndSequence() {
        assertThat(Fingerprints.id("284a583f3abbc52a", 1)).isEqualTo("284a583f3abbc52a-1");
        assertThat(Fingerprints.id("284a583f3abbc52a", 12)).isEqualTo("284a583f3abbc52a-12");
    }

    @Test
    void aReplayedHistoryGivesTheSameIds() {
        String rules = """
                - name: Backlog
                  metric: queue_depth
                  group_by: [capability]
                  op: ">"
                  threshold: 3
                """;
        assertThat(ids(rules)).isEqualTo(ids(rules)).hasSize(4).doesNotHaveDuplicates();
    }

    private static java.util.List<String> ids(String rules) {
        Harness h = new Harness(rules);
        java.util.List<AlertTransition> ts = new java.util.ArrayList<>();
        ts.addAll(h.at(0, Harness.queue("web", 5)));
        ts.addAll(h.at(1000, Harness.queue("web", -5)));
        ts.addAll(h.at(2000, Harness.queue("web", 5)));
        ts.addAll(h.at(3000, Harness.queue("web", -5)));
        return ts.stream().map(AlertTransition::id).toList();
    }
}
