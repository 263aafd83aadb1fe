package dev.vigil.app.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.config.ConfigLoader;
import dev.vigil.config.VigilConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The Loki appender against {@link FakeLoki}, which checks every push against Loki's push API
 * (body, gzip, tenant and credentials) and answers 204, 400, 429, 5xx or hangs up on cue: every
 * line is delivered exactly once through 429/5xx/connection failures, a 400 drops its batch (once,
 * counted), and the queue bound holds while Loki is down.
 */
class LokiPushApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fast retries for tests; the policy is the production one. */
    private static final LokiRetry QUICK = new LokiRetry(Duration.ofMillis(20), Duration.ofMillis(200), 6);

    @TempDir
    Path dir;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("dev.vigil.test.LokiPush");
    private final AtomicLong dropped = new AtomicLong();
    private FakeLoki loki;
    private LokiAppender appender;

    private void start(FakeLoki fake, VigilConfig.Logging logging, int queue, int batch, LokiRetry retry) {
        loki = fake;
        LokiSettings settings = LokiSettings.of(logging, "test-host")
                .withBounds(queue, batch, Duration.ofMillis(50), Duration.ofSeconds(2)).withRetry(retry);
        appender = new LokiAppender(settings, LogEncoders.of("json", context), dropped);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
    }

    private VigilConfig.Logging logging(String extra) {
        return ConfigLoader.fromYaml("""
                observability:
                  logging:
                    format: json
                    exporter: loki
                    loki_url: "%s"
                """.formatted(loki == null ? "http://127.0.0.1:9" : loki.url()) + extra.indent(4), Map.of())
                .observability().logging();
    }

    @AfterEach
    void stop() {
        if (appender != null) {
            logger.detachAppender(appender);
            appender.stop();
        }
        logger.setAdditive(true);
        logger.setLevel(null);
        if (loki != null) {
            loki.close();
        }
    }

    private void log(int from, int to) {
        for (int i = from; i < to; i++) {
            logger.info("line {}", i);
        }
    }

    private static List<String> expected(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }

    /** The messages of the delivered lines, in order of delivery. */
    private List<String> delivered() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : loki.delivered()) {
            out.add(JSON.readTree(line).get("message").asText());
        }
        return out;
    }

    @Test
    void aTenantAndBasicAuthGoWithEveryGzippedPush() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cr3t\n");
        FakeLoki fake = new FakeLoki("team-a", "Basic "
                + Base64.getEncoder().encodeToString("vigil:s3cr3t".getBytes(StandardCharsets.UTF_8)));
        loki = fake;
        start(fake, logging("loki_tenant_id: team-a\nloki_basic_auth: {username: vigil, password_file: '" + password
                + "'}"), 1_000, 10, QUICK);

        log(0, 35);
        await().atMost(Duration.ofSeconds(10)).until(() -> loki.delivered().size() == 35);

        assertThat(loki.violations()).isEmpty();
        assertThat(delivered()).containsExactlyElementsOf(expected(0, 35));
        assertThat(loki.pushes().size()).as("batches of at most 10").isGreaterThanOrEqualTo(4);
        assertThat(dropped).hasValue(0);
        assertThat(appender.toString() + LokiSettings.of(logging(""), "h")).doesNotContain("s3cr3t");
    }

    @Test
    void aBearerTokenFromItsFile() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
        FakeLoki fake = new FakeLoki(null, "Bearer tok-123");
        loki = fake;
        start(fake, logging("loki_bearer_token_file: '" + token + "'"), 1_000, 100, QUICK);

        log(0, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> loki.delivered().size() == 5);
        assertThat(loki.violations()).isEmpty();
    }

    @Test
    void everyLineIsDeliveredExactlyOnceThrough429And5xxAndHangUps() throws Exception {
        FakeLoki fake = new FakeLoki(null, null);
        fake.answer(429).answer(500).answer(FakeLoki.HANG_UP).answer(503).answer(502);
        loki = fake;
        start(fake, logging(""), 1_000, 10, QUICK);

        log(0, 40);
        await().atMost(Duration.ofSeconds(20)).until(() -> loki.delivered().size() >= 40);

        assertThat(loki.violations()).isEmpty();
        assertThat(delivered()).as("each once, in order").containsExactlyElementsOf(expected(0, 40));
        assertThat(loki.pushes()).extracting(FakeLoki.Push::status).startsWith(429, 500, FakeLoki.HANG_UP, 503, 502, 204);
        // The refused pushes were the same batch, sent again.
        assertThat(loki.pushes().get(5).lines()).isEqualTo(loki.pushes().get(0).lines());
        assertThat(dropped).hasValue(0);
    }

    @Test
    void retryAfterIsWaitedFor() throws Exception {
        FakeLoki fake = new FakeLoki(null, null);
        fake.answer(429, "1");
        loki = fake;
        start(fake, logging(""), 1_000, 10, new LokiRetry(Duration.ofMillis(10), Duration.ofSeconds(5), 3));

        log(0, 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> loki.delivered().size() == 3);

        List<FakeLoki.Push> pushes = loki.pushes();
        assertThat(pushes).extracting(FakeLoki.Push::status).containsExactly(429, 204);
        assertThat(Duration.ofNanos(pushes.get(1).nanoTime() - pushes.get(0).nanoTime()))
                .as("Retry-After: 1, not the 10 ms backoff").isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRejectedPushIsDroppedOnceAndCountedAndTheNextLinesGoOn() throws Exception {
        FakeLoki fake = new FakeLoki(null, null);
        fake.answer(400);
        loki = fake;
        start(fake, logging(""), 1_000, 1_000, QUICK);
        Logger warnings = context.getLogger(LokiAppender.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        warnings.addAppender(lines);
        try {
            log(0, 7);
            await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 7);
            log(7, 12);
            await().atMost(Duration.ofSeconds(10)).until(() -> loki.delivered().size() == 5);
        } finally {
            warnings.detachAppender(lines);
        }

        assertThat(loki.pushes()).extracting(FakeLoki.Push::status).containsExactly(400, 204);
        assertThat(delivered()).containsExactlyElementsOf(expected(7, 12));
        assertThat(dropped).hasValue(7);
        assertThat(lines.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains("HTTP 400", "rejected (not retried)", "7 log lines dropped");
        });
    }

    @Test
    void spentRetriesDropTheBatchAndCountIt() throws Exception {
        FakeLoki fake = new FakeLoki(null, null);
        fake.fail();
        loki = fake;
        start(fake, logging(""), 1_000, 1_000, new LokiRetry(Duration.ofMillis(5), Duration.ofMillis(20), 2));

        log(0, 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> dropped.get() == 4);
        assertThat(loki.pushes()).as("the push and its 2 retries").hasSize(3)
                .allSatisfy(p -> assertThat(p.status()).isEqualTo(503));
    }

    @Test
    void whileLokiIsDownTheQueueBoundHoldsAndEveryLineIsDeliveredOrCountedOnce() throws Exception {
        FakeLoki fake = new FakeLoki(null, null);
        fake.fail();
        loki = fake;
        // Retries go on long enough to outlast the outage.
        start(fake, logging(""), 20, 5, new LokiRetry(Duration.ofMillis(10), Duration.ofMillis(50), 1_000));

        log(0, 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> loki.pushes().size() >= 2);
        log(5, 200);
        assertThat(appender.queued()).isLessThanOrEqualTo(20);
        long droppedDuringOutage = dropped.get();
        fake.recover();
        await().atMost(Duration.ofSeconds(20)).until(() -> loki.delivered().size() + dropped.get() == 200);

        List<String> delivered = delivered();
        assertThat(delivered).doesNotHaveDuplicates();
        assertThat(delivered).as("the batch in retry plus at most the queue").hasSizeLessThanOrEqualTo(5 + 20)
                .startsWith(expected(0, 5).toArray(String[]::new));
        assertThat(dropped.get()).isEqualTo(droppedDuringOutage).isEqualTo(200 - delivered.size());
        assertThat(loki.violations()).isEmpty();
    }
}
