package dev.vigil.app.alerts;

import dev.vigil.alerting.AlertEvent;
import dev.vigil.alerting.AlertEventCodec;
import dev.vigil.alerting.Templates;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the alerts topic as a subscriber would ({@code read_committed}, so only alerts whose
 * state change committed) and prints each alert on one readable line. Used by
 * {@code vigil alerts tail} and by the demo.
 */
public final class AlertTail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final PrintStream out;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param fromBeginning whether to print the topic's history first, or only new alerts
     */
    public AlertTail(Map<String, Object> clientProperties, String topic, boolean fromBeginning, PrintStream out) {
        Map<String, Object> props = new java.util.HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigil-alerts-tail-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.consumer.subscribe(List.of(topic));
        this.out = out;
    }

    /** Prints alerts until {@link #close()} is called from another thread. */
    public void run() {
        try {
            while (!closed.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(format(record.value()));
                }
            }
        } catch (WakeupException e) {
            if (!closed.get()) {
                throw e;
            }
        } finally {
            consumer.close();
        }
    }

    /** One line per alert; a record that is not an alert event is shown as such, never dropped silently. */
    public static String format(byte[] record) {
        AlertEvent event;
        try {
            event = AlertEventCodec.fromStructuredJson(record);
        } catch (RuntimeException e) {
            return "(not a Vigil alert event: " + e.getMessage() + ")";
        }
        AlertEvent.Data d = event.data();
        String labels = d.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        String value = d.value() == null ? "absent" : Templates.formatNumber(d.value());
        String summary = d.annotations().getOrDefault("summary", "");
        return String.format("%s  %-8s %-8s %s %s value=%s threshold=%s%s",
                Instant.ofEpochMilli(event.timeMs()), d.state().toUpperCase(java.util.Locale.ROOT),
                d.severity(), d.rule(), labels, value, Templates.formatNumber(d.threshold()),
                summary.isEmpty() ? "" : "  " + summary);
    }

    @Override
    public void close() {
        closed.set(true);
        consumer.wakeup();
    }
}
