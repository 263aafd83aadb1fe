package dev.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplatesTest {
    private static final Map<String, String> VARS = Map.of("agent_name", "planner", "value", "0.82",
            "threshold", "0.9", "team", "agents");

    @Test
    void substitutesLabelsValueAndThreshold() {
        assertThat(Templates.render("{{agent_name}} call success {{value}} below {{threshold}} ({{team}})", VARS))
                .isEqualTo("planner call success 0.82 below 0.9 (agents)");
        assertThat(Templates.render("{{ agent_name }}", VARS)).isEqualTo("planner");
        assertThat(Templates.render("{{value}}{{value}}", VARS)).isEqualTo("0.820.82");
        assertThat(Templates.render("no placeholder", VARS)).isEqualTo("no placeholder");
        assertThat(Templates.render("", VARS)).isEmpty();
    }

    @Test
    void unknownPlaceholdersStayAsWritten() {
        assertThat(Templates.render("{{pool}} at {{value}}", VARS)).isEqualTo("{{pool}} at 0.82");
        assertThat(Templates.render("{{}} {{ }} {{value", VARS)).isEqualTo("{{}} {{ }} {{value");
        assertThat(Templates.render("{{{{value}}}}", VARS)).isEqualTo("{{0.82}}");
        assertThat(Templates.render("}}{{value}}{{", VARS)).isEqualTo("}}0.82{{");
    }

    @Test
    void nothingIsEvaluated() {
        assertThat(Templates.render("{{ .Labels.agent_name }} {{$value}} {{ value | humanize }} {{value * 2}}", VARS))
                .isEqualTo("{{ .Labels.agent_name }} {{$value}} {{ value | humanize }} {{value * 2}}");
        assertThat(Templates.render("${agent_name} %s {0}", VARS)).isEqualTo("${agent_name} %s {0}");
        // A substituted value is never scanned again, whatever it holds.
        Map<String, String> tricky = Map.of("agent_name", "{{value}}", "value", "1");
        assertThat(Templates.render("{{agent_name}} {{value}}", tricky)).isEqualTo("{{value}} 1");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.82, 0.82",
        "0.8235294117647058, 0.8235",
        "12.5, 12.5",
        "12.345, 12.35",
        "1234.5, 1235",
        "1234567.0, 1234567",
        "0.0001234567, 0.0001235",
        "0.0, 0",
        "-0.0, 0",
        "-3.0, -3",
        "14.4, 14.4",
        "100.0, 100",
        "0.9, 0.9",
        "1.0E20, 100000000000000000000"
    })
    void shortDecimals(double value, String expected) {
        assertThat(Templates.formatNumber(value)).isEqualTo(expected);
    }
}
