package dev.vigil.app.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Grafana's provisioning: the data sources point at the compose services and link traces to logs,
 * Alertmanager's alerts are listed, and the four dashboards are well-formed (uids, variables, units,
 * data source references); the operations dashboard is per instance.
 */
class GrafanaProvisioningTest {
    private static final Path DATASOURCES = StackFiles.GRAFANA_PROVISIONING.resolve("datasources/datasources.yaml");

    private final Map<String, JsonNode> datasources = byUid(StackFiles.yaml(DATASOURCES).path("datasources"));

    @Test
    void theDataSourcesAreTheStacksPrometheusAlertmanagerLokiAndJaeger() {
        assertThat(datasources).containsOnlyKeys("prometheus", "alertmanager", "loki", "jaeger");
        assertPointsAtService("prometheus", "prometheus", "prometheus");
        assertPointsAtService("alertmanager", "alertmanager", "alertmanager");
        // Prometheus' Alertmanager, whose API differs from Grafana's and Mimir's.
        assertThat(datasources.get("alertmanager").path("jsonData").path("implementation").asText()).isEqualTo("prometheus");
        assertPointsAtService("loki", "loki", "loki");
        assertPointsAtService("jaeger", "jaeger", "jaeger");
        assertThat(datasources.get("prometheus").path("isDefault").asBoolean()).isTrue();
        // $__rate_interval builds on the scrape interval Grafana is told about.
        assertThat(datasources.get("prometheus").path("jsonData").path("timeInterval").asText())
                .isEqualTo(StackFiles.yaml(StackFiles.PROMETHEUS_CONFIG).path("global").path("scrape_interval").asText());
    }

    @Test
    void tracesLinkToTheirLogsAndLogsToTheirTraces() {
        JsonNode traceToLogs = datasources.get("jaeger").path("jsonData").path("tracesToLogsV2");
        assertThat(traceToLogs.path("datasourceUid").asText()).isEqualTo("loki");
        assertThat(traceToLogs.path("filterByTraceID").asBoolean()).isTrue();
        assertThat(traceToLogs.path("query").asText()).contains("trace_id").contains("$${__trace.traceId}");
        JsonNode derived = datasources.get("loki").path("jsonData").path("derivedFields").get(0);
        assertThat(derived.path("datasourceUid").asText()).isEqualTo("jaeger");
        assertThat(derived.path("url").asText()).isEqualTo("$${__value.raw}");
    }

    @Test
    void grafanasOwnVariablesAreEscapedFromEnvironmentExpansion() {
        // Provisioning expands $NAME and ${NAME} from the environment: an unescaped ${__trace.traceId}
        // would silently become empty. `$$` is the literal dollar.
        List<String> values = StackFiles.text(DATASOURCES).lines().filter(l -> !l.strip().startsWith("#")).toList();
        assertThat(values).noneMatch(l -> l.replace("$${", "").contains("${"));
    }

    @Test
    void everyDashboardIsWellFormed() {
        Set<String> uids = new HashSet<>();
        Set<String> variablesOfAll = new HashSet<>();
        for (Path file : StackFiles.dashboards()) {
            JsonNode dashboard = StackFiles.json(file);
            String name = file.getFileName().toString();
            assertThat(uids.add(dashboard.path("uid").asText())).as(name + " uid unique").isTrue();
            assertThat(dashboard.path("uid").asText()).as(name + " uid").startsWith("vigil-").hasSizeLessThanOrEqualTo(40);
            assertThat(name).isEqualTo(dashboard.path("uid").asText() + ".json");
            assertThat(dashboard.path("title").asText()).startsWith("Vigil / ");

            Map<String, JsonNode> variables = new HashMap<>();
            dashboard.path("templating").path("list").forEach(v -> variables.put(v.path("name").asText(), v));
            variablesOfAll.addAll(variables.keySet());
            assertThat(variables.get("datasource").path("query").asText()).isEqualTo("prometheus");
            assertThat(variables.get("datasource").path("current").path("value").asText()).isEqualTo("prometheus");

            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : DashboardQueries.panels(dashboard)) {
                String where = name + " / " + panel.path("title").asText();
                assertThat(ids.add(panel.path("id").asInt())).as(where + " id unique").isTrue();
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText()).as(where + " unit").isNotBlank();
                assertThat(panel.path("description").asText()).as(where + " description").isNotBlank();
                assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo("${datasource}");
                assertThat(panel.path("targets").size()).as(where + " targets").isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("expr").asText()).as(where + " expr").isNotBlank();
                    assertThat(variables.keySet()).as(where + " defines the variables it uses")
                            .containsAll(DashboardQueries.variablesUsed(target.path("expr").asText()));
                }
            }
            for (String variable : List.of("agent_name", "pool", "model_name")) {
                if (variables.containsKey(variable)) {
                    JsonNode v = variables.get(variable);
                    assertThat(v.path("includeAll").asBoolean() && v.path("multi").asBoolean()).as(name + " $" + variable).isTrue();
                    assertThat(v.path("allValue").asText()).isEqualTo(".*");
                }
            }
        }
        assertThat(uids).containsExactlyInAnyOrder("vigil-task-overview", "vigil-resource-monitoring", "vigil-agent-performance",
                "vigil-operations");
        assertThat(variablesOfAll).contains("agent_name", "pool", "model_name");
    }

    @Test
    void theProvisionedDirectoryHoldsTheFourDashboards() {
        // Grafana's file provider loads every JSON file of the mounted directory (ComposeFileTest checks the mount).
        JsonNode provider = StackFiles.yaml(StackFiles.GRAFANA_PROVISIONING.resolve("dashboards/dashboards.yaml"))
                .path("providers").get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(StackFiles.dashboards()).extracting(p -> p.getFileName().toString()).containsExactly(
                "vigil-agent-performance.json", "vigil-operations.json", "vigil-resource-monitoring.json",
                "vigil-task-overview.json");
    }

    @Test
    void theOperationsDashboardIsPerInstance() {
        JsonNode dashboard = StackFiles.json(StackFiles.DASHBOARDS.resolve("vigil-operations.json"));
        JsonNode instance = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals("instance")) {
                instance = v;
            }
        }
        assertThat(instance).as("an instance variable").isNotNull();
        assertThat(instance.path("query").path("query").asText()).matches("label_values\\(.+, instance\\)");
        assertThat(instance.path("includeAll").asBoolean() && instance.path("multi").asBoolean()).isTrue();
        assertThat(instance.path("allValue").asText()).isEqualTo(".*");
        for (JsonNode panel : DashboardQueries.panels(dashboard)) {
            panel.path("targets").forEach(t -> assertThat(t.path("expr").asText()).as(panel.path("title").asText())
                    .contains("instance=~\"$instance\""));
        }
    }

    @Test
    void everyDashboardHasAnAlertsPanelFromAlertsFiring() {
        for (Path file : StackFiles.dashboards()) {
            List<String> exprs = new ArrayList<>();
            DashboardQueries.panels(StackFiles.json(file)).forEach(p -> p.path("targets")
                    .forEach(t -> exprs.add(t.path("expr").asText())));
            assertThat(exprs).as(file.getFileName().toString())
                    .anyMatch(e -> e.startsWith("sum by (rule, severity) (alerts_firing"));
        }
    }

    private void assertPointsAtService(String uid, String service, String type) {
        JsonNode datasource = datasources.get(uid);
        assertThat(datasource.path("type").asText()).isEqualTo(type);
        URI url = URI.create(datasource.path("url").asText());
        assertThat(url.getHost()).isEqualTo(service);
        assertThat(StackFiles.containerPorts(StackFiles.service(service))).as(uid + " port").contains(url.getPort());
    }

    private static Map<String, JsonNode> byUid(JsonNode list) {
        Map<String, JsonNode> byUid = new HashMap<>();
        list.forEach(d -> byUid.put(d.path("uid").asText(), d));
        return byUid;
    }
}
