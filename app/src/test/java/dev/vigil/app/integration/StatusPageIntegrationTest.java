package dev.vigil.app.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.app.VigilApp;
import dev.vigil.config.VigilConfig;
import dev.vigil.simulator.GroundTruth;
import dev.vigil.simulator.Simulator;
import dev.vigil.simulator.SimulatorOptions;
import dev.vigil.testkit.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page in a real browser (headless Chromium, driven by Selenium) against a live Vigil
 * fed by the simulator: a newly fired alert shows within two refreshes of its alert event, the
 * figures equal {@code /metrics} once the run is drained, the page's console stays free of errors,
 * and a screenshot is saved to {@code target/status-page-it.png}.
 */
class StatusPageIntegrationTest extends BrokerIntegrationTest {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPageIntegrationTest.class);
    private static final int EVENTS = 20_000;
    /** Two refreshes of the page (2 s each), plus a margin for the browser and a busy machine. */
    private static final Duration TWO_REFRESHES = Duration.ofSeconds(4).plusMillis(2_000);
    private static final String TRACE_UI = "http://localhost:16686/trace/{trace_id}";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thePageShowsANewAlertWithinTwoRefreshesAndAgreesWithMetrics() throws Exception {
        Path chromium = RequiredTool.CHROMIUM.path();
        Path chromedriver = RequiredTool.CHROMEDRIVER.path();
        TestTopics topics = TestTopics.unique();
        createInput(topics, 3);
        VigilConfig config = config(topics, Map.of(), rulesYaml());
        try (VigilApp app = VigilApp.start(config)) {
            int port = app.httpPort();
            awaitReady(port);
            String base = "http://127.0.0.1:" + port;
            WebDriver browser = browser(chromium, chromedriver);
            try (KafkaConsumer<byte[], byte[]> alerts = committedConsumer(topics.alerts())) {
                browser.get(base + "/");
                new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.attributeToBe(
                        By.id("state"), "data-ready", "true"));

                CompletableFuture<GroundTruth> published = CompletableFuture.supplyAsync(() -> publish(topics.input()));
                JsonNode fired = awaitFirstFiring(alerts, "ManyTasks");
                long seenAt = System.nanoTime();
                String fingerprint = fired.get("data").get("fingerprint").asText();
                new WebDriverWait(browser, TWO_REFRESHES, Duration.ofMillis(100))
                        .until(ExpectedConditions.presenceOfElementLocated(By.id("alert-" + fingerprint)));
                LOG.info("alert {} on the page {} ms after its event was read", fingerprint,
                        (System.nanoTime() - seenAt) / 1_000_000);
                AlertRow row = AlertRow.read(browser, "alert-" + fingerprint);
                assertThat(row.rule()).isEqualTo("ManyTasks");
                assertTraceLink(row, fired);

                GroundTruth truth = published.get();
                await("all input counted").atMost(TIMEOUT).until(() -> PrometheusText.series(metrics(port),
                        "vigil_events_total", "type", "outcome").values().stream().mapToLong(Long::longValue).sum()
                        == truth.records());
                awaitPageEqualsMetrics(browser, port);

                // The Alertmanager notification's generatorURL: <external_url>/#alert-<fingerprint>.
                browser.get(base + "/#alert-" + fingerprint);
                new WebDriverWait(browser, TWO_REFRESHES).ignoring(StaleElementReferenceException.class)
                        .until(ExpectedConditions.attributeContains(
                        By.id("alert-" + fingerprint), "class", "highlight"));
                assertThat(browser.findElements(By.cssSelector("tr.highlight"))).hasSize(1);

                assertThat(severeConsoleEntries(browser)).as("console errors").isEmpty();
                Path shot = Path.of("target", "status-page-it.png");
                Files.createDirectories(shot.getParent());
                Files.write(shot, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));
                assertThat(Files.size(shot)).isPositive();
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * A rule on a counter, which never goes down, so its alert stays firing once fired; and two that
     * flap, so the page shows a realistic mix.
     */
    private static String rulesYaml() {
        return String.join("\n",
                "alerts:",
                "  rules:",
                "    - name: ManyTasks",
                "      metric: task_total",
                "      group_by: [status]",
                "      op: \">\"",
                "      threshold: 200",
                "      severity: info",
                "    - name: QueueDeep",
                "      metric: queue_depth",
                "      group_by: [capability]",
                "      op: \">\"",
                "      threshold: 2",
                "      resolve_threshold: 1",
                "      severity: warning",
                "    - name: PoolBusy",
                "      metric: lease_utilization",
                "      group_by: [pool]",
                "      op: \">\"",
                "      threshold: 0.5",
                "      severity: critical",
                "observability:",
                "  tracing:",
                "    ui_url: \"" + TRACE_UI + "\"",
                "");
    }

    private static GroundTruth publish(String topic) {
        try (Simulator simulator = new Simulator()) {
            return simulator.run(SimulatorOptions.defaults(broker.bootstrapServers()).withTopic(topic)
                    .withSeed(41).withEvents(EVENTS), null);
        }
    }

    private static WebDriver browser(Path chromium, Path chromedriver) {
        // The driver is given, so Selenium Manager never looks for (or downloads) one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1700");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    /** The first firing event of the rule, as soon as it is committed on the alerts topic. */
    private static JsonNode awaitFirstFiring(KafkaConsumer<byte[], byte[]> consumer, String rule) {
        JsonNode[] found = new JsonNode[1];
        await(rule + " fires").atMost(TIMEOUT).pollInterval(Duration.ZERO).pollDelay(Duration.ZERO).until(() -> {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                JsonNode event = JSON.readTree(r.value());
                if (found[0] == null && "vigil.alert.firing".equals(event.get("type").asText())
                        && rule.equals(event.get("data").get("rule").asText())) {
                    found[0] = event;
                }
            }
            return found[0] != null;
        });
        return found[0];
    }

    /** With a traceparent, the row links to that trace in the configured viewer; without, it has no link. */
    private static void assertTraceLink(AlertRow row, JsonNode fired) {
        JsonNode traceparent = fired.get("traceparent");
        if (traceparent == null || traceparent.isNull()) {
            assertThat(row.traceLinks()).isEmpty();
        } else {
            String traceId = traceparent.asText().split("-")[1];
            assertThat(row.traceLinks()).containsExactly(TRACE_UI.replace("{trace_id}", traceId));
        }
    }

    /**
     * One alert row, read in a single script: the page re-renders its tables on every refresh, so
     * element handles kept across two WebDriver calls can go stale between them.
     */
    private record AlertRow(String rule, List<String> traceLinks) {
        @SuppressWarnings("unchecked")
        static AlertRow read(WebDriver page, String id) {
            Map<String, Object> row = (Map<String, Object>) ((JavascriptExecutor) page).executeScript(
                    "const r = document.getElementById(arguments[0]);"
                            + "return r === null ? null : {rule: r.getAttribute('data-rule'),"
                            + " links: Array.from(r.querySelectorAll('a.trace'), a => a.getAttribute('href'))};", id);
            assertThat(row).as("row #" + id).isNotNull();
            return new AlertRow((String) row.get("rule"), (List<String>) row.get("links"));
        }
    }

    private static void awaitPageEqualsMetrics(WebDriver browser, int port) {
        List<String>[] last = new List[1];
        try {
            await("the page's figures equal /metrics").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1)).until(() -> {
                        last[0] = differences(Figures.fromMetrics(metrics(port)), Figures.fromPage(browser));
                        return last[0].isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("page vs /metrics: " + last[0], e);
        }
    }

    private static List<String> differences(Figures metrics, Figures page) {
        List<String> out = new ArrayList<>();
        compare(out, "figures", metrics.values(), page.values());
        if (page.values().getOrDefault("events_total", 0.0) == 0) {
            out.add("the page shows no events");
        }
        return out;
    }

    private static void compare(List<String> out, String what, Map<String, Double> expected, Map<String, Double> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            out.add(what + " keys: /metrics " + expected.keySet() + " vs page " + actual.keySet());
            return;
        }
        expected.forEach((k, v) -> {
            double a = actual.get(k);
            if (Math.abs(a - v) > 1e-6 * Math.max(1, Math.abs(v))) {
                out.add(k + ": /metrics " + v + " vs page " + a);
            }
        });
    }

    private static List<String> severeConsoleEntries(WebDriver browser) {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        return severe;
    }

    /** The figures the page and /metrics both show, by one flat key, e.g. {@code pool.browser.capacity}. */
    private record Figures(Map<String, Double> values) {
        static Figures fromMetrics(String body) {
            Map<String, Map<Map<String, String>, Double>> samples = PrometheusText.parse(body);
            Map<String, Double> v = new TreeMap<>();
            sum(samples, "vigil_events_total", "outcome").forEach((outcome, n) -> v.put("events_" + outcome, n));
            v.put("events_total", total(samples, "vigil_events_total"));
            v.put("dlq_total", total(samples, "vigil_dlq_total"));
            sum(samples, "vigil_dlq_total", "reason").forEach((reason, n) -> v.put("dlq." + reason, n));
            sum(samples, "pool_capacity", "pool").forEach((pool, n) -> v.put("pool." + pool + ".capacity", n));
            sum(samples, "active_leases", "pool").forEach((pool, n) -> v.put("pool." + pool + ".active", n));
            sum(samples, "lease_utilization", "pool").forEach((pool, n) -> v.put("pool." + pool + ".utilization", n));
            sum(samples, "task_success_ratio", "window").forEach((w, n) -> v.put("ratio." + w, n));
            v.put("alerts_firing", total(samples, "alerts_firing"));
            // The page lists the top agents and models by cost: the same top of /metrics.
            top(sum(samples, "model_cost_usd_total", "agent_name")).forEach((a, n) -> v.put("agent_cost." + a, n));
            top(sum(samples, "model_cost_usd_total", "model_name")).forEach((m, n) -> v.put("model_cost." + m, n));
            return new Figures(v);
        }

        /**
         * Every figure in one script, so the snapshot is of one rendering: the page rebuilds its
         * tables on each refresh, and element handles read across several WebDriver calls go stale.
         */
        @SuppressWarnings("unchecked")
        static Figures fromPage(WebDriver page) {
            List<List<String>> pairs = (List<List<String>>) ((JavascriptExecutor) page).executeScript(String.join("\n",
                    "const out = [];",
                    "const attr = (el, a) => el === null ? null : el.getAttribute(a);",
                    "for (const o of ['accepted', 'duplicate', 'invalid', 'total'])",
                    "  out.push(['events_' + o, attr(document.getElementById('events-' + o), 'data-value')]);",
                    "out.push(['dlq_total', attr(document.getElementById('dlq-total'), 'data-value')]);",
                    "document.querySelectorAll('#dlq tr[data-reason]').forEach(r =>",
                    "  out.push(['dlq.' + r.getAttribute('data-reason'), r.getAttribute('data-count')]));",
                    "document.querySelectorAll('#pools tr[data-pool]').forEach(r => {",
                    "  for (const a of ['capacity', 'active', 'utilization']) {",
                    "    const t = r.getAttribute('data-' + a);",
                    "    if (t !== null && t !== '') out.push(['pool.' + r.getAttribute('data-pool') + '.' + a, t]);",
                    "  }",
                    "});",
                    "document.querySelectorAll('#ratios tr[data-window]').forEach(r =>",
                    "  out.push(['ratio.' + r.getAttribute('data-window'), r.getAttribute('data-value')]));",
                    "out.push(['alerts_firing', String(document.querySelectorAll('#alerts tr[data-fingerprint]').length)]);",
                    "document.querySelectorAll('#agents-by-cost tr[data-name]').forEach(r =>",
                    "  out.push(['agent_cost.' + r.getAttribute('data-name'), r.getAttribute('data-cost')]));",
                    "document.querySelectorAll('#models-by-cost tr[data-name]').forEach(r =>",
                    "  out.push(['model_cost.' + r.getAttribute('data-name'), r.getAttribute('data-cost')]));",
                    "return out;"));
            Map<String, Double> v = new TreeMap<>();
            for (List<String> pair : pairs) {
                v.put(pair.get(0), number(pair.get(1)));
            }
            return new Figures(v);
        }

        private static double number(String text) {
            return text == null || text.isEmpty() ? Double.NaN : Double.parseDouble(text);
        }

        private static double total(Map<String, Map<Map<String, String>, Double>> samples, String name) {
            return samples.getOrDefault(name, Map.of()).values().stream().mapToDouble(Double::doubleValue).sum();
        }

        private static Map<String, Double> sum(Map<String, Map<Map<String, String>, Double>> samples, String name,
                                               String label) {
            Map<String, Double> out = new TreeMap<>();
            samples.getOrDefault(name, Map.of()).forEach((labels, value) -> out.merge(labels.get(label), value, Double::sum));
            return out;
        }

        /** The five largest, ties by name, as the page ranks them. */
        private static Map<String, Double> top(Map<String, Double> values) {
            Map<String, Double> out = new TreeMap<>();
            values.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(5).forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }
    }
}
