package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.alerting.DefaultRules;
import dev.vigil.app.VigilApp;
import dev.vigil.app.telemetry.HttpReceiver;
import dev.vigil.app.stack.DashboardQueries;
import dev.vigil.app.stack.PrometheusApi;
import dev.vigil.app.stack.PrometheusServer;
import dev.vigil.testkit.RequiredTool;
import dev.vigil.app.stack.RuleFiles;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.PrometheusSamples;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The dashboards and rules of docker/ against real data, without Docker: a real Prometheus (the
 * Debian binary) runs docker/prometheus/prometheus.yml and its rule files, scraping a running Vigil
 * that consumes a simulator run on a real broker. Then every expression of the four dashboards,
 * every variable query and every recording rule must return data through Prometheus' HTTP API,
 * every alert rule (Vigil's default rules and the meta-alerts) must be accepted by the query engine,
 * and the dashboards' totals must equal the simulator's ground truth once Vigil has drained the run.
 * Dashboard variables and Grafana's interval variables are replaced as {@link DashboardQueries}
 * documents ("All" = {@code .*}).
 *
 * <p>The Alertmanager notifier's metrics exist only when {@code alerts.alertmanager.urls} is set: this Vigil
 * sends to a stub Alertmanager (an HTTP server answering 2xx), re-sending every second, so that the
 * dashboards' notifier panels have data too.
 */
class PrometheusStackIntegrationTest extends BrokerIntegrationTest {
    private static final int EVENTS = 10_000;
    /** Slow enough that Prometheus scrapes Vigil many times while the counters grow (rates need two samples). */
    private static final double RATE_PER_SECOND = 1_000;
    private static final String AGENT_MODEL = "agent_name=~\"$agent_name\", model_name=~\"$model_name\"";

    /** A dashboard expression and what it must equal once the run is drained: labels → value. */
    private record TruthCheck(String expr, Function<GroundTruth, Map<Map<String, String>, Double>> expected) {
    }

    private static final List<TruthCheck> TRUTH_CHECKS = List.of(
            new TruthCheck("sum by (status) (task_total)", t -> sumBy(t, "task_total", "status")),
            new TruthCheck("sum(active_tasks)", t -> sumBy(t, "active_tasks")),
            new TruthCheck("sum(task_duration_seconds_sum) / sum(task_duration_seconds_count)",
                    t -> Map.of(Map.of(), total(t, "task_duration_seconds_sum") / total(t, "task_duration_seconds_count"))),
            new TruthCheck("sum(model_cost_usd_total{" + AGENT_MODEL + "})", t -> sumBy(t, "model_cost_usd_total")),
            new TruthCheck("sum by (agent_name, model_name) (model_cost_usd_total{" + AGENT_MODEL + "})",
                    t -> sumBy(t, "model_cost_usd_total", "agent_name", "model_name")),
            new TruthCheck("sum by (direction) (model_tokens_total{" + AGENT_MODEL + "})",
                    t -> sumBy(t, "model_tokens_total", "direction")),
            new TruthCheck("sum by (agent_name, status) (agent_call_total{" + AGENT_MODEL + "})",
                    t -> sumBy(t, "agent_call_total", "agent_name", "status")),
            new TruthCheck("sum by (pool, agent_name) (active_leases{pool=~\"$pool\", agent_name=~\"$agent_name\"})",
                    t -> sumBy(t, "active_leases", "pool", "agent_name")),
            new TruthCheck("sum by (pool) (lease_expired_total{pool=~\"$pool\"})", t -> sumBy(t, "lease_expired_total", "pool")),
            new TruthCheck("sum by (tenant) (tenant_cost_usd_total)", t -> sumBy(t, "tenant_cost_usd_total", "tenant")),
            new TruthCheck("sum by (status) (task_cost_usd_sum)", t -> sumBy(t, "task_cost_usd_sum", "status")));

    @Test
    void everyDashboardQueryReturnsDataAndTheTotalsEqualTheSimulatorsTruth() throws Exception {
        // Before any work: PrometheusServer.start would find it missing only after Vigil is up.
        RequiredTool.PROMETHEUS.path();
        List<String> dashboardExprs = DashboardQueries.all().stream().map(DashboardQueries.Query::expr).toList();
        assertThat(TRUTH_CHECKS).allSatisfy(c -> assertThat(dashboardExprs).as("a dashboard shows it").contains(c.expr()));

        TestTopics topics = TestTopics.unique();
        createInput(topics, 3);
        try (HttpReceiver alertmanager = HttpReceiver.start();
             VigilApp app = VigilApp.start(config(topics, Map.of(
                     "VIGIL_ALERTS_ALERTMANAGER_URLS", alertmanager.url(),
                     "VIGIL_ALERTS_ALERTMANAGER_RESEND_INTERVAL", "1s"), DefaultRules.yaml()));
             PrometheusServer prometheus = PrometheusServer.start("127.0.0.1:" + app.httpPort(),
                     Files.createDirectory(tempDir.resolve("prometheus")))) {
            awaitReady(app.httpPort());
            PrometheusApi api = prometheus.api();
            await("Prometheus scrapes Vigil (up == 1)").atMost(TIMEOUT)
                    .until(() -> api.query("up{job=\"vigil\"} == 1").series().size() == 1);

            Instant start = Instant.now();
            GroundTruth truth = publish(topics);
            awaitTotalsEqualTruth(api, truth, prometheus);

            // The run as Prometheus saw it: while Vigil consumed it (rates) and once drained (totals). A counter
            // whose first increase came with the last records (a lease expiring as stream time reaches its TTL)
            // has one sample when the totals match; its rate needs a second scrape, so the check is awaited.
            List<String> failures = new ArrayList<>();
            try {
                await("every dashboard query, variable and recording rule has data").atMost(TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1)).until(() -> {
                            failures.clear();
                            collectQueriesWithoutData(api, start, Instant.now(), failures);
                            return failures.isEmpty();
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                // reported below, with the queries
            }
            assertThat(failures).as("queries without data (Prometheus log: %s)", prometheus.logText()).isEmpty();
        }
    }

    private static void collectQueriesWithoutData(PrometheusApi api, Instant start, Instant end, List<String> failures) {
        for (DashboardQueries.Query q : DashboardQueries.all()) {
            checkReturnsData(api, q.toString(), DashboardQueries.substitute(q.expr()), start, end, failures);
        }
        RuleFiles.recordingRules().forEach((record, expr) ->
                checkReturnsData(api, "recording rule " + record, expr, start, end, failures));
        for (DashboardQueries.VariableQuery v : DashboardQueries.variables()) {
            if (api.labelValues(v.label(), DashboardQueries.substitute(v.selector())).isEmpty()) {
                failures.add("variable " + v.name() + " of " + v.dashboard() + " has no values");
            }
        }
        RuleFiles.alertRules().forEach((alert, rule) -> {
            PrometheusApi.Result result = api.query(rule.path("expr").asText());
            if (!result.ok()) {
                failures.add("alert rule " + alert + ": " + result.error());
            }
        });
    }

        private GroundTruth publish(TestTopics topics) {
        try (Simulator simulator = new Simulator()) {
            return simulator.run(SimulatorOptions.defaults(broker.bootstrapServers()).withTopic(topics.input())
                    .withSeed(31).withEvents(EVENTS).withRatePerSecond(RATE_PER_SECOND), null);
        }
    }

    /** Waits until every truth check's query, answered by Prometheus from its scrapes, equals the truth. */
    private static void awaitTotalsEqualTruth(PrometheusApi api, GroundTruth truth, PrometheusServer prometheus) {
        List<String> differences = new ArrayList<>();
        try {
            await("dashboard totals in Prometheus equal the simulator's truth").atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        differences.clear();
                        for (TruthCheck check : TRUTH_CHECKS) {
                            PrometheusApi.Result result = api.query(DashboardQueries.substitute(check.expr()));
                            Map<Map<String, String>, Double> expected = check.expected().apply(truth);
                            if (!result.ok() || !equal(expected, result.vector())) {
                                differences.add(check.expr() + ": expected " + expected + ", Prometheus "
                                        + (result.ok() ? result.vector() : result.error()));
                            }
                        }
                        return differences.isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("differences: " + differences + "\nPrometheus log: " + prometheus.logText(), e);
        }
    }

    private static void checkReturnsData(PrometheusApi api, String what, String expr, Instant start, Instant end,
                                         List<String> failures) {
        PrometheusApi.Result result = api.queryRange(expr, start, end, Duration.ofSeconds(1));
        if (!result.ok()) {
            failures.add(what + ": " + result.error());
        } else if (result.series().stream().noneMatch(PrometheusApi.Series::hasFiniteValue)) {
            failures.add(what + ": no data (" + result.series().size() + " series, none with a finite value)");
        }
    }

    private static boolean equal(Map<Map<String, String>, Double> expected, Map<Map<String, String>, Double> actual) {
        return expected.keySet().equals(actual.keySet())
                && expected.entrySet().stream().allMatch(e -> PrometheusSamples.close(e.getValue(), actual.get(e.getKey())));
    }

    /** The truth's samples of one metric summed by these labels, as {@code sum by (labels)} sums them. */
    private static Map<Map<String, String>, Double> sumBy(GroundTruth truth, String metric, String... labels) {
        Map<Map<String, String>, Double> sums = new HashMap<>();
        truth.metrics().forEach((key, value) -> {
            if (PrometheusSamples.name(key).equals(metric)) {
                Map<String, String> all = PrometheusSamples.labels(key);
                Map<String, String> group = new TreeMap<>();
                for (String label : labels) {
                    group.put(label, all.get(label));
                }
                sums.merge(group, value, Double::sum);
            }
        });
        return sums;
    }

    private static double total(GroundTruth truth, String metric) {
        return sumBy(truth, metric).values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
