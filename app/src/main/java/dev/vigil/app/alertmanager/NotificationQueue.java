package dev.vigil.app.alertmanager;

import dev.vigil.alerting.AlertEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The alert events waiting for the sender, bounded so that a slow or absent Alertmanager never holds the stream
 * thread or the heap: when full, an event is dropped (and counted by the caller). Nothing is lost for good: the
 * periodic re-send reads the alert store.
 */
public final class NotificationQueue {
    /** Alerts are rare; this many waiting means Alertmanager is not keeping up. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private final BlockingQueue<AlertEvent> events;

    public NotificationQueue(int capacity) {
        this.events = new ArrayBlockingQueue<>(capacity);
    }

    /** Never blocks; false when the queue is full. */
    boolean offer(AlertEvent event) {
        return events.offer(event);
    }

    /** Waits up to {@code timeoutMs} for a first event, then takes what else is waiting, up to {@code max} in all. */
    List<AlertEvent> takeBatch(int max, long timeoutMs) throws InterruptedException {
        List<AlertEvent> batch = new ArrayList<>();
        AlertEvent first = events.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (first != null) {
            batch.add(first);
            events.drainTo(batch, max - 1);
        }
        return batch;
    }

    public int size() {
        return events.size();
    }
}
