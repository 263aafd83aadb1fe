package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testkit.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker/alertmanager/alertmanager.yml passes Alertmanager's own check ({@code amtool check-config},
 * Debian package prometheus-alertmanager), on the release the compose file runs, and routes every
 * alert somewhere: by default to a receiver that notifies nobody.
 */
class AlertmanagerConfigTest {
    private final JsonNode config = StackFiles.yaml(StackFiles.ALERTMANAGER_CONFIG);

    @Test
    void amtoolAcceptsTheConfiguration() throws Exception {
        Result check = amtool("check-config", StackFiles.ALERTMANAGER_CONFIG.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS");
    }

    @Test
    void theComposeImageIsTheReleaseAmtoolChecksWith() throws Exception {
        Result version = amtool("--version");
        Matcher release = Pattern.compile("version (\\d+\\.\\d+)\\.\\d+").matcher(version.output());
        assertThat(release.find()).as(version.output()).isTrue();
        assertThat(StackFiles.service("alertmanager").path("image").asText())
                .startsWith("prom/alertmanager:v" + release.group(1) + ".");
    }

    @Test
    void everyAlertIsGroupedByNameAndGoesToADeclaredReceiver() {
        JsonNode route = config.path("route");
        List<String> groupBy = new ArrayList<>();
        route.path("group_by").forEach(l -> groupBy.add(l.asText()));
        // Vigil's rules group by these labels (default-rules.yaml), the meta-alerts by instance.
        assertThat(groupBy).contains("alertname", "agent_name", "pool", "capability", "instance");
        List<String> receivers = new ArrayList<>();
        config.path("receivers").forEach(r -> receivers.add(r.path("name").asText()));
        assertThat(receivers).contains(route.path("receiver").asText());
        route.path("routes").forEach(r -> assertThat(receivers).contains(r.path("receiver").asText()));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result amtool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(RequiredTool.AMTOOL.path().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("amtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }
}
