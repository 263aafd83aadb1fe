package dev.vigil.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.app.integration.Promtool;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The notifier's families, as docs/metrics.md names them, pass {@code promtool check metrics}. */
class NotifierMetricsTest {
    @Test
    void theFourFamiliesAreExposedAsDocumentedAndLintClean() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        NotifierMetrics metrics = NotifierMetrics.register(registry, () -> 3);
        metrics.sent(true, Duration.ofMillis(40));
        metrics.sent(false, Duration.ofSeconds(2));
        metrics.dropped();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        String text = out.toString(StandardCharsets.UTF_8);

        assertThat(text).contains(
                "# TYPE vigil_alertmanager_notifications_total counter",
                "vigil_alertmanager_notifications_total{result=\"success\"} 1.0",
                "vigil_alertmanager_notifications_total{result=\"failure\"} 1.0",
                "vigil_alertmanager_notifications_dropped_total 1.0",
                "# TYPE vigil_alertmanager_notification_latency_seconds histogram",
                "vigil_alertmanager_notification_latency_seconds_bucket{le=\"0.05\"} 1",
                "vigil_alertmanager_notification_latency_seconds_bucket{le=\"2.5\"} 2",
                "vigil_alertmanager_notification_latency_seconds_count 2",
                "vigil_alertmanager_queue_length 3.0");
        assertThat(Promtool.checkMetrics(text)).isEmpty();
    }
}
