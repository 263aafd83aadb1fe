package dev.vigil.topology.series;

import dev.vigil.alerting.AlertEvent;

/**
 * Told of each alert event as the series stage emits it, on the stream thread, before the transaction
 * that writes it commits. Keeps the topology free of anything but Kafka: whoever wants to act on alerts at
 * once (the Alertmanager notifier) hands one in; it must return at once (enqueue, never block or throw),
 * and must tolerate an event whose transaction later aborts (it is emitted again on reprocessing).
 */
@FunctionalInterface
public interface AlertListener {
    /** Ignores every event: the topology's default. */
    AlertListener NONE = event -> { };

    void onAlert(AlertEvent event);
}
