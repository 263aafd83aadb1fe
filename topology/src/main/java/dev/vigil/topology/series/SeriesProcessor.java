package dev.vigil.topology.series;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.series.EventRef;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesStage;
import dev.vigil.aggregates.series.SeriesStore;
import dev.vigil.aggregates.series.SeriesUpdate;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.alerting.AlertEngine;
import dev.vigil.alerting.AlertEvent;
import dev.vigil.alerting.AlertEventCodec;
import dev.vigil.alerting.AlertInstance;
import dev.vigil.alerting.AlertStore;
import dev.vigil.alerting.AlertTransition;
import dev.vigil.alerting.Rule;
import dev.vigil.topology.Counts;
import dev.vigil.topology.EventClock;
import dev.vigil.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The series stage: applies each batch of series updates to the metric series of its group, kept
 * in the changelogged {@link StoreNames#SERIES} store (one entry per metric and label set), then
 * judges the alert rules on what changed and forwards each alert transition as a structured
 * CloudEvent keyed by its fingerprint.
 *
 * <p>Every series lives in the one partition its group is placed on, so every instance exposes a
 * disjoint set of series, a sum over instances is exact, and a rule sees the whole metric it
 * judges. Alert state ({@link StoreNames#ALERT_STATE}) lives in the same partition as the series it
 * judges, and under exactly-once the state change, the series change and the alert record commit
 * in one transaction: an alert is neither lost nor doubled by a crash.
 */
public final class SeriesProcessor implements Processor<String, SeriesBatch, byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesProcessor.class);
    /** How often, in stream time, timers ({@code for}, {@code keep_firing_for}, {@code absent}) are judged. */
    static final Duration TICK = Duration.ofSeconds(1);
    private static final long TICK_MS = TICK.toMillis();
    private static final String CONTENT_TYPE = "content-type";

    private final SeriesStage stage;
    private final AlertEngine engine;
    private final String applicationId;
    private final AlertListener listener;
    private ProcessorContext<byte[], byte[]> context;
    private SeriesStore store;
    private StoreSeriesView view;
    private AlertStore alerts;
    private KeyValueStore<String, Long> alertCounts;
    private EventClock clock;
    private long nextTick;

    public SeriesProcessor(AggregatesSettings settings, List<Rule> rules, String applicationId) {
        this(settings, rules, applicationId, AlertListener.NONE);
    }

    public SeriesProcessor(AggregatesSettings settings, List<Rule> rules, String applicationId,
                           AlertListener listener) {
        this.stage = new SeriesStage(settings);
        this.engine = new AlertEngine(rules, settings);
        this.applicationId = applicationId;
        this.listener = listener;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        KeyValueStore<String, SeriesValue> series = context.getStateStore(StoreNames.SERIES);
        this.view = new StoreSeriesView(series);
        this.store = new MemoizedSeriesStore(series);
        KeyValueStore<String, AlertInstance> alertState = context.getStateStore(StoreNames.ALERT_STATE);
        this.alerts = new AlertStore() {
            @Override
            public AlertInstance get(String fingerprint) {
                return alertState.get(fingerprint);
            }

            @Override
            public void put(AlertInstance instance) {
                alertState.put(instance.fingerprint(), instance);
            }

            @Override
            public void delete(String fingerprint) {
                alertState.delete(fingerprint);
            }

            @Override
            public void forEach(Consumer<AlertInstance> action) {
                try (KeyValueIterator<String, AlertInstance> it = alertState.all()) {
                    it.forEachRemaining(kv -> action.accept(kv.value));
                }
            }
        };
        this.alertCounts = context.getStateStore(StoreNames.ALERT_OUTCOMES);
        this.clock = EventClock.of(context, StoreNames.SERIES_CLOCK);
        this.nextTick = Long.MIN_VALUE;
    }

    @Override
    public void process(Record<String, SeriesBatch> record) {
        SeriesBatch batch = record.value();
        // Batches of an older build carry no event time: their record timestamp was the event time.
        long eventTime = batch.eventTimeOr(record.timestamp());
        long streamTime = clock.advance(eventTime);
        List<SeriesUpdate> applied = stage.applyAll(batch, store);
        emit(engine.onUpdates(applied, eventTime, streamTime, batch.cause(), view, alerts));
        // Timers are judged as a stream-time punctuation would judge them: on the first batch, then
        // each time the clock crosses a multiple of TICK. Done here rather than by Kafka Streams'
        // punctuation because this stage's stream time is the event clock, not the record timestamps.
        if (streamTime >= nextTick) {
            emit(engine.onTime(streamTime, view, alerts));
            nextTick = (Math.floorDiv(streamTime, TICK_MS) + 1) * TICK_MS;
        }
    }

    private void emit(List<AlertTransition> transitions) {
        for (AlertTransition t : transitions) {
            AlertEvent event = AlertEvent.of(t, applicationId);
            RecordHeaders headers = new RecordHeaders();
            headers.add(CONTENT_TYPE, AlertEventCodec.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            // The record timestamp is when the alert was emitted, so topic retention counts from
            // then; the CloudEvent's `time` is the event time of the transition. (Stamped with event
            // time, alerts from a replay of old data would be deleted by retention at once.)
            context.forward(new Record<>(t.fingerprint().getBytes(StandardCharsets.UTF_8),
                    AlertEventCodec.toStructuredJson(event), context.currentSystemTimeMs(), headers));
            Counts.increment(alertCounts, t.kind().state());
            tell(event);
        }
    }

    /** A listener's failure must not fail the task: the alert is on its topic either way. */
    private void tell(AlertEvent event) {
        try {
            listener.onAlert(event);
        } catch (RuntimeException e) {
            LOG.warn("alert listener failed on {}", event.id(), e);
        }
    }
}
