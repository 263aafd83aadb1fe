package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The Loki appender against a real HTTP receiver: batched pushes, labels, and drops instead of waits. */
class LokiAppenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("dev.vigil.test.Loki");
    private final HttpReceiver loki = HttpReceiver.start();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedPushes = new AtomicLong();
    private LokiAppender appender;

    private void start(int queue, int batch, Duration wait, Duration timeout) {
        start(queue, batch, wait, timeout, LokiRetry.DEFAULT);
    }

    private void start(int queue, int batch, Duration wait, Duration timeout, LokiRetry retry) {
        LokiSettings settings = new LokiSettings(URI.create(loki.url() + "/loki/api/v1/push"),
                Map.of("app", "vigil", "instance", "test-host"), queue, batch, wait, timeout).withRetry(retry);
        appender = new LokiAppender(settings, LogEncoders.of("json", context), dropped, failedPushes);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(null);
        appender.stop();
        loki.close();
    }

    /** Every pushed line as (level label, parsed JSON line). */
    private List<Map.Entry<String, JsonNode>> pushed() throws Exception {
        List<Map.Entry<String, JsonNode>> lines = new ArrayList<>();
        for (HttpReceiver.Request r : loki.requests("/loki/api/v1/push")) {
            for (JsonNode stream : JSON.readTree(r.decodedBody()).get("streams")) {
                for (JsonNode value : stream.get("values")) {
                    lines.add(Map.entry(stream.get("stream").get("level").asText(), JSON.readTree(value.get(1).asText())));
                }
            }
        }
        return lines;
    }

    @Test
    void linesArePushedInBatchesWithTheirLabelsAndMdc() throws Exception {
        start(1_000, 100, Duration.ofMillis(200), Duration.ofSeconds(5));
        MDC.put("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
        try {
            for (int i = 0; i < 250; i++) {
                logger.info("line {}", i);
            }
            logger.warn("careful");
        } finally {
            MDC.remove("trace_id");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> pushed().size() == 251);

        List<HttpReceiver.Request> requests = loki.requests("/loki/api/v1/push");
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.contentType()).isEqualTo("application/json");
        });
        assertThat(requests.size()).as("batched: at most 100 lines a push").isBetween(3, 10);
        JsonNode firstStream = JSON.readTree(requests.get(0).decodedBody()).get("streams").get(0).get("stream");
        assertThat(firstStream.get("app").asText()).isEqualTo("vigil");
        assertThat(firstStream.get("instance").asText()).isEqualTo("test-host");
        List<Map.Entry<String, JsonNode>> lines = pushed();
        assertThat(lines.stream().filter(l -> l.getKey().equals("INFO")).map(l -> l.getValue().get("message").asText()))
                .as("in order").startsWith("line 0", "line 1", "line 2").endsWith("line 249");
        assertThat(lines).allSatisfy(l -> assertThat(l.getValue().get("trace_id").asText())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
        assertThat(lines).filteredOn(l -> l.getKey().equals("WARN")).singleElement()
                .satisfies(l -> assertThat(l.getValue().get("message").asText()).isEqualTo("careful"));
        assertThat(dropped).hasValue(0);
    }

    @Test
    void aLokiThatStopsAnsweringCostsDroppedLinesNotWaitingLoggers() {
        start(50, 10, Duration.ofMillis(20), Duration.ofMillis(300),
                new LokiRetry(Duration.ofMillis(10), Duration.ofMillis(20), 1));
        loki.stall();
        long started = System.nanoTime();
        for (int i = 0; i < 5_000; i++) {
            logger.info("line {}", i);
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // 5,000 lines through a queue of 50 while every push hangs: almost all are dropped at once.
        assertThat(dropped.get()).isGreaterThan(4_000);
        assertThat(tookMillis).as("logging never waited for a push (timeout 300 ms each)").isLessThan(3_000);
        assertThat(appender.queued()).isLessThanOrEqualTo(50);
        // A push that times out is retried once (as configured here), then its lines are dropped too.
        long before = dropped.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() > before);
        assertThat(loki.requests("/loki/api/v1/push")).isNotEmpty();
    }

    /**
     * Found by the downstream outage run: with Loki down, nothing in /metrics moved for the ~8.5 minutes its
     * retries take, because lines are only counted once dropped. Each failed try is counted at once.
     */
    @Test
    void aFailedPushIsCountedAtOnceWhileItsLinesWaitForTheRetry() {
        start(1_000, 10, Duration.ofMillis(20), Duration.ofMillis(300),
                new LokiRetry(Duration.ofSeconds(30), Duration.ofSeconds(30), 10));
        loki.stall();
        logger.info("a line that Loki never acknowledges");
        await().atMost(Duration.ofSeconds(10)).until(() -> failedPushes.get() >= 1);
        assertThat(dropped).as("still waiting for its retry, not dropped").hasValue(0);
    }

    @Test
    void stoppingSendsWhatIsQueued() throws Exception {
        start(1_000, 1_000, Duration.ofSeconds(30), Duration.ofSeconds(5));
        for (int i = 0; i < 20; i++) {
            logger.info("line {}", i);
        }
        appender.stop();
        assertThat(pushed()).hasSize(20);
        assertThat(dropped).hasValue(0);
    }
}
