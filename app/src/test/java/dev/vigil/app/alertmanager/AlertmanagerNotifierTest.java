package dev.vigil.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.AlertEvent;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.alerting.AlertTransition;
import dev.vigil.alerting.TestAlertInstances;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertmanagerNotifierTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESEND = Duration.ofSeconds(2);

    private final List<String> posted = new CopyOnWriteArrayList<>();
    private final NotifierMetrics metrics = NotifierMetrics.unregistered();
    private AlertmanagerNotifier notifier;

    @AfterEach
    void close() {
        if (notifier != null) {
            notifier.close();
        }
    }

    private AlertmanagerNotifier notifier(NotificationQueue queue, AlertmanagerNotifier.Poster poster) {
        notifier = new AlertmanagerNotifier(List.of("http://am-1:9093", "http://am-2:9093"), poster,
                new AlertPayloads("http://vigil:9090", RESEND), queue, metrics, RESEND, Clock.systemUTC());
        return notifier;
    }

    private static AlertEvent event(String rule) {
        AlertTransition t = AlertTransition.firing(rule, "0123456789abcdef", 1, System.currentTimeMillis(), "warning",
                new TreeMap<>(Map.of("pool", "gpu")), new AlertTransition.Reading(1.0, 0.5, null, null),
                new TreeMap<>(), null);
        return AlertEvent.of(t, "vigil");
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() {
        AlertmanagerNotifier n = notifier(new NotificationQueue(2), (url, body) -> { });

        for (int i = 0; i < 5; i++) {
            n.onAlert(event("R" + i)); // not started: nothing drains the queue
        }

        assertThat(metrics.droppedCount()).isEqualTo(3);
    }

    @Test
    void aTransitionIsPostedAtOnceToEveryAlertmanager() {
        AlertmanagerNotifier n = notifier(new NotificationQueue(10), (url, body) -> posted.add(url + " " + new String(body)));
        n.start(List::of);

        n.onAlert(event("PoolBusy"));

        await().atMost(Duration.ofSeconds(5)).until(() -> posted.size() == 2);
        assertThat(posted).anySatisfy(p -> assertThat(p).startsWith("http://am-1:9093 ").contains("\"alertname\":\"PoolBusy\""));
        assertThat(posted).anySatisfy(p -> assertThat(p).startsWith("http://am-2:9093 "));
        assertThat(metrics.count("success")).isEqualTo(2);
    }

    @Test
    void aFailedPostIsRetriedWithBackoffAndEachAttemptCounted() {
        AtomicInteger calls = new AtomicInteger();
        AlertmanagerNotifier n = notifier(new NotificationQueue(10), (url, body) -> {
            if (url.contains("am-1") && calls.incrementAndGet() <= 2) {
                throw new IOException("connection refused");
            }
            posted.add(url);
        });
        n.start(List::of);

        n.onAlert(event("PoolBusy"));

        await().atMost(Duration.ofSeconds(5)).until(() -> posted.contains("http://am-1:9093"));
        assertThat(metrics.count("failure")).isEqualTo(2);
        assertThat(metrics.count("success")).isEqualTo(2);
    }

    @Test
    void retriesStopWithinTheResendInterval() {
        AtomicInteger calls = new AtomicInteger();
        AlertmanagerNotifier n = notifier(new NotificationQueue(10), (url, body) -> {
            if (url.contains("am-1")) {
                calls.incrementAndGet();
                throw new IOException("down");
            }
        });
        n.start(List::of);

        n.onAlert(event("PoolBusy"));

        int attempts = 1 + Backoff.within(RESEND).delays().size();
        await().atMost(RESEND).until(() -> calls.get() == attempts);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == attempts);
        assertThat(metrics.count("failure")).isEqualTo(attempts);
    }

    @Test
    void theStoreIsReSentFiringAndRecentlyResolvedOnly() throws Exception {
        long now = System.currentTimeMillis();
        AlertInstance firing = TestAlertInstances.firing("A", Map.of("g", "1"), Map.of(), now - 60_000, 1, 2.0, 1.0,
                Map.of(), null);
        AlertInstance resolvedNow = TestAlertInstances.resolved(TestAlertInstances.firing("B", Map.of("g", "2"),
                Map.of(), now - 120_000, 1, 2.0, 1.0, Map.of(), null), now - 5_000);
        AlertInstance resolvedLongAgo = TestAlertInstances.resolved(TestAlertInstances.firing("C", Map.of("g", "3"),
                Map.of(), now - 7_200_000, 1, 2.0, 1.0, Map.of(), null), now - 3_600_000);
        AlertmanagerNotifier n = notifier(new NotificationQueue(10), (url, body) -> posted.add(new String(body)));
        n.start(() -> List.of(firing, resolvedNow, resolvedLongAgo));

        n.resendSoon();

        await().atMost(Duration.ofSeconds(5)).until(() -> posted.size() >= 2);
        JsonNode body = JSON.readTree(posted.get(0));
        assertThat(body).hasSize(2);
        assertThat(body.get(0).get("labels").get("alertname").asText()).isEqualTo("A");
        assertThat(Instant.parse(body.get(0).get("endsAt").asText())).isAfter(Instant.now());
        assertThat(body.get(1).get("labels").get("alertname").asText()).isEqualTo("B");
        assertThat(Instant.parse(body.get(1).get("endsAt").asText())).isEqualTo(Instant.ofEpochMilli(now - 5_000));
        // ... and again every resend interval, with nothing queued.
        await().atMost(RESEND.multipliedBy(3)).until(() -> posted.size() >= 4);
    }
}
