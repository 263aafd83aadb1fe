package dev.vigil.topology.series;

import dev.vigil.aggregates.AggregatesSettings;
import dev.vigil.aggregates.series.SeriesBatch;
import dev.vigil.aggregates.series.SeriesKey;
import dev.vigil.aggregates.series.SeriesStage;
import dev.vigil.aggregates.series.SeriesStore;
import dev.vigil.aggregates.series.SeriesValue;
import dev.vigil.topology.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The series stage: applies each batch of series updates to the metric series of its group, kept
 * in the changelogged {@link StoreNames#SERIES} store (one entry per metric and label set). Every
 * series lives in the one partition its group hashes to, so every instance exposes a disjoint set
 * of series and a sum over instances is exact.
 */
public final class SeriesProcessor implements Processor<String, SeriesBatch, Void, Void> {
    private final SeriesStage stage;
    private SeriesStore store;

    public SeriesProcessor(AggregatesSettings settings) {
        this.stage = new SeriesStage(settings);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        KeyValueStore<String, SeriesValue> series = context.getStateStore(StoreNames.SERIES);
        this.store = new SeriesStore() {
            @Override
            public SeriesValue get(SeriesKey key) {
                return series.get(key.encode());
            }

            @Override
            public void put(SeriesKey key, SeriesValue value) {
                series.put(key.encode(), value);
            }
        };
    }

    @Override
    public void process(Record<String, SeriesBatch> record) {
        stage.apply(record.value(), store);
    }
}
